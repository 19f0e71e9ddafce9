import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Pass, TaskInput } from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';

/** The incident and the validated alert: what every action step takes. */
export const incidentInput = { 'incidentId.$': '$.incidentId', 'alert.$': '$.alert' };

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
export function branch(
  scope: Construct,
  step: string,
  name: string,
  fn: IFunction,
  payload: Record<string, unknown> = incidentInput,
) {
  const task = action(scope, name, fn, payload);
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

/** Record the outcome of the branches, then page the response team: the end of every playbook. */
export function recordAndPage(scope: Construct, fns: { outcome: IFunction; page: IFunction }) {
  const outcome = action(
    scope,
    'Record outcome',
    fns.outcome,
    { 'incidentId.$': '$.incidentId', 'results.$': '$.results' },
    '$.outcome',
  );
  const page = action(
    scope,
    'Page responders',
    fns.page,
    { 'incidentId.$': '$.incidentId', 'status.$': '$.outcome.status', 'results.$': '$.results' },
    '$.page',
  );
  return outcome.next(page);
}
