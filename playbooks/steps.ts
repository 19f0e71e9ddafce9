import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  Choice,
  Condition,
  IntegrationPattern,
  JsonPath,
  type Parallel,
  Pass,
  Succeed,
  TaskInput,
  Timeout,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import type { ActionName } from './types.ts';

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
  task.addCatch(failedAs(scope, name, step), { errors: ['States.ALL'] });
  return task;
}

/** The state a branch's caught error turns into: a result naming the step, with the error and its cause. */
export function failedAs(scope: Construct, stateName: string, step: string) {
  return new Pass(scope, `${stateName} failed`, {
    parameters: { step, ok: false, 'error.$': '$.Error', 'cause.$': '$.Cause' },
  });
}

/** Optional parts of the spine for playbooks that look before they act. */
export interface SpineOptions {
  /** Tighten the emergency posture and schedule its relaxation (default true). */
  posture?: boolean;
  /** Runs after the incident opens and before acting; its result (at its resultPath) is what the branches decide on. */
  investigate?: Parallel;
  /** Page only when this holds (default: always), e.g. not for a low-risk sign-in that is only watched. */
  pageWhen?: Condition;
}

/**
 * Every playbook's spine: its validation step, open the incident, act (a Parallel of caught branches
 * whose results land in $.results), record the outcome, page the response team. Unless `posture` is
 * false, two more branches tighten the emergency posture and schedule its staged relaxation.
 */
export function incidentPlaybook(
  scope: Construct,
  fns: Record<ActionName, IFunction>,
  validate: LambdaInvoke,
  act: Parallel,
  options: SpineOptions = {},
) {
  if (options.posture ?? true) {
    act
      .branch(branch(scope, 'tighten-posture', 'Tighten posture', fns['tighten-posture']))
      .branch(branch(scope, 'schedule-relaxation', 'Schedule relaxation', fns['schedule-relaxation']));
  }
  const open = action(scope, 'Open incident', fns['open-incident'], incidentInput, '$.opened');
  const outcome = action(
    scope,
    'Record outcome',
    fns['record-outcome'],
    {
      'incidentId.$': '$.incidentId',
      'results.$': '$.results',
      'alertId.$': '$.alert.alertId',
      'playbook.$': '$.alert.playbook',
    },
    '$.outcome',
  );
  const page = action(
    scope,
    'Page responders',
    fns['page-responders'],
    { 'incidentId.$': '$.incidentId', 'status.$': '$.outcome.status', 'results.$': '$.results' },
    '$.page',
  );
  const done = new Succeed(scope, 'Done');
  const opened = options.investigate ? validate.next(open).next(options.investigate) : validate.next(open);
  const paging = options.pageWhen
    ? new Choice(scope, 'Page the team?').when(options.pageWhen, page.next(done)).otherwise(done)
    : page.next(done);
  return opened.next(act).next(outcome).next(paging);
}

/** First state of the manual playbooks: the operator request, validated by field. */
export function validateOperatorRequest(
  scope: Construct,
  fns: Record<ActionName, IFunction>,
  playbook: string,
) {
  return action(scope, 'Validate request', fns['validate-operator-request'], { playbook, 'request.$': '$' });
}

/** How long a block above the approval threshold waits for a human before it gives up (blocking nothing). */
export const APPROVAL_TIMEOUT = Duration.hours(1);

/**
 * The block step with its human gate: above the approval threshold the step only plans, the team is asked
 * (task token), and an approval runs the step again with approved=true. A denial or a timeout blocks
 * nothing and says so; any other failure is caught like every branch's. The branch ends with the
 * block step's result, as every branch does.
 */
export function blockWithApproval(
  scope: Construct,
  name: string,
  fns: { block: IFunction; approval: IFunction },
  payload: Record<string, unknown> = incidentInput,
) {
  const failed = (id: string) => failedAs(scope, id, 'block-ips');
  const block = action(scope, name, fns.block, payload, '$.block');
  block.addCatch(failed(name), { errors: ['States.ALL'] });
  const ask = new LambdaInvoke(scope, `${name}: ask for approval`, {
    lambdaFunction: fns.approval,
    integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    payload: TaskInput.fromObject({
      taskToken: JsonPath.taskToken,
      'incidentId.$': '$.incidentId',
      'alert.$': '$.alert',
      'planned.$': '$.block.planned',
    }),
    taskTimeout: Timeout.duration(APPROVAL_TIMEOUT),
    resultPath: '$.approval',
  });
  ask.addCatch(
    new Pass(scope, `${name}: not approved`, {
      parameters: {
        step: 'block-ips',
        ok: true,
        summary: 'the block was denied or not approved within the hour: nothing blocked',
        failures: [{ target: 'approval', error: 'denied or timed out; nothing blocked' }],
      },
    }),
    { errors: ['States.ALL'] },
  );
  const { 'approved.$': _asked, ...rest } = payload;
  const approved = action(scope, `${name} (approved)`, fns.block, { ...rest, approved: true }, '$.block');
  approved.addCatch(failed(`${name} (approved)`), { errors: ['States.ALL'] });
  const result = new Pass(scope, `${name}: result`, { outputPath: '$.block' });
  return block.next(
    new Choice(scope, `${name}: approval needed?`)
      .when(
        Condition.and(
          Condition.isPresent('$.block.approvalRequired'),
          Condition.booleanEquals('$.block.approvalRequired', true),
        ),
        ask.next(approved).next(result),
      )
      .otherwise(result),
  );
}
