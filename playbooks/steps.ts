import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Pass, TaskInput } from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';

/** A Lambda step that returns the handler's result as is and retries transient Lambda errors. */
export function action(
  scope: Construct,
  name: string,
  fn: IFunction,
  payload?: Record<string, unknown>,
  /** Where the result goes; omit to replace the state with it (never write "$": see lib/local/asl.ts). */
  resultPath?: string,
) {
  const task = new LambdaInvoke(scope, name, {
    lambdaFunction: fn,
    payloadResponseOnly: true,
    payload: payload && TaskInput.fromObject(payload),
    resultPath,
    retryOnServiceExceptions: true,
  });
  return task;
}

/**
 * A containment branch: its own failure is caught and turned into a result naming the step, so the
 * Parallel state still finishes, the other branches keep their work, and the page can say what failed.
 */
export function branch(scope: Construct, step: string, name: string, fn: IFunction) {
  const task = action(scope, name, fn, { 'incidentId.$': '$.incidentId', 'alert.$': '$.alert' });
  task.addRetry({
    errors: ['States.Timeout', 'Lambda.TooManyRequestsException'],
    maxAttempts: 2,
    interval: Duration.seconds(2),
  });
  const failed = new Pass(scope, `${name} failed`, {
    parameters: { step, ok: false, 'error.$': '$.Error', 'cause.$': '$.Cause' },
  });
  task.addCatch(failed, { errors: ['States.ALL'] });
  return task;
}

export const incidentInput = { 'incidentId.$': '$.incidentId', 'alert.$': '$.alert' };
