import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  Choice,
  Condition,
  IntegrationPattern,
  JsonPath,
  Pass,
  TaskInput,
  Timeout,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { action, failedAs, incidentInput } from './steps.ts';

/** The first request waits this long, then a second page escalates it. */
export const CONTAIN_APPROVAL_TIMEOUT = Duration.minutes(15);
/** After the escalation, this long before the safe default (revoke sessions only) applies. */
export const CONTAIN_ESCALATION_TIMEOUT = Duration.minutes(45);

const UNANSWERED =
  'Unanswered, this request escalates after 15 minutes; after an hour only their sessions are revoked (no reset, no disable).';

/**
 * Contain accounts with the human gate: privileged accounts and steps over the cap are held and the team
 * is asked (task token). Approved, the held accounts get the requested actions; denied, nothing; unanswered,
 * a second page, then the safe default: revoke sessions only. Every exit runs the contain step again with
 * the decision, so the incident records it and the branch ends with one result for all accounts.
 */
export function containWithApproval(
  scope: Construct,
  name: string,
  fns: { contain: IFunction; approval: IFunction },
  payload: Record<string, unknown> = incidentInput,
) {
  const failed = (id: string) => failedAs(scope, id, 'contain-accounts');
  const result = new Pass(scope, `${name}: result`, { outputPath: '$.contain' });
  const step = (id: string, extra: Record<string, unknown>) => {
    const task = action(scope, id, fns.contain, { ...payload, ...extra }, '$.contain');
    task.addCatch(failed(id), { errors: ['States.ALL'] });
    return task.next(result);
  };
  const decided = (decision: string) =>
    step(`${name} (${decision})`, { 'users.$': '$.contain.held', decision, 'previous.$': '$.contain' });
  const approved = decided('approved');
  const denied = decided('denied');
  const timedOut = decided('timed-out');

  const ask = (id: string, timeout: Duration, escalation: boolean) =>
    new LambdaInvoke(scope, id, {
      lambdaFunction: fns.approval,
      integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: TaskInput.fromObject({
        taskToken: JsonPath.taskToken,
        'incidentId.$': '$.incidentId',
        'alert.$': '$.alert',
        'planned.$': '$.contain.planned',
        'reasons.$': '$.contain.reasons',
        subject: 'contain accounts held for approval',
        unanswered: UNANSWERED,
        escalation,
      }),
      taskTimeout: Timeout.duration(timeout),
      resultPath: '$.approval',
    });
  const first = ask(`${name}: ask for approval`, CONTAIN_APPROVAL_TIMEOUT, false);
  const second = ask(`${name}: escalate`, CONTAIN_ESCALATION_TIMEOUT, true);
  first.addCatch(second, { errors: ['States.Timeout'], resultPath: '$.unanswered' });
  first.addCatch(denied, { errors: ['States.ALL'], resultPath: '$.answer' });
  first.next(approved);
  second.addCatch(timedOut, { errors: ['States.Timeout'], resultPath: '$.unanswered' });
  second.addCatch(denied, { errors: ['States.ALL'], resultPath: '$.answer' });
  second.next(approved);

  const contain = action(scope, name, fns.contain, payload, '$.contain');
  contain.addCatch(failed(name), { errors: ['States.ALL'] });
  return contain.next(
    new Choice(scope, `${name}: approval needed?`)
      .when(
        Condition.and(
          Condition.isPresent('$.contain.approvalRequired'),
          Condition.booleanEquals('$.contain.approvalRequired', true),
        ),
        first,
      )
      .otherwise(result),
  );
}
