import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Choice, Condition, Pass, Result } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { action, failedAs } from './steps.ts';

/**
 * The evidence branch: collect in as many turns as the window needs (each turn reads a bounded number of
 * log pages and hands back where it stopped; a Choice loops until the collection is whole), then seal.
 * Like every branch, a failure is caught and turned into a result naming the step.
 */
export function collectAndSealEvidence(scope: Construct, fns: { collect: IFunction; seal: IFunction }) {
  const payload = { 'incidentId.$': '$.incidentId', 'alert.$': '$.alert', 'collect.$': '$.collect' };
  const failed = failedAs(scope, 'Seal evidence', 'seal-evidence');
  const begin = new Pass(scope, 'Start collecting evidence', {
    result: Result.fromObject({ done: false }),
    resultPath: '$.collect',
  });
  const collect = action(scope, 'Collect evidence', fns.collect, payload, '$.collect');
  const seal = action(scope, 'Seal evidence', fns.seal, payload);
  for (const task of [collect, seal]) {
    task.addRetry({
      errors: ['States.Timeout', 'Lambda.TooManyRequestsException'],
      maxAttempts: 2,
      interval: Duration.seconds(2),
    });
    task.addCatch(failed, { errors: ['States.ALL'] });
  }
  return begin
    .next(collect)
    .next(
      new Choice(scope, 'Evidence collected whole?')
        .when(Condition.booleanEquals('$.collect.done', true), seal)
        .otherwise(collect),
    );
}
