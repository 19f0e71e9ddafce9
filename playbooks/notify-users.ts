import { Duration } from 'aws-cdk-lib';
import {
  IntegrationPattern,
  JsonPath,
  Map as MapState,
  Pass,
  Succeed,
  TaskInput,
  Timeout,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { z } from 'zod';
import { action } from './steps.ts';
import type { Playbook } from './types.ts';

/** How long a notice text waits for its approval before nothing is sent (a new run asks again). */
export const NOTICE_APPROVAL_TIMEOUT = Duration.hours(24);

export const NotifyUsersInputSchema = z.object({
  incidentId: z.string().regex(/^INC-[0-9A-Za-z-]{1,76}$/, 'an incident id such as INC-20261120-f009f3fa'),
});

/**
 * Tell the owners of the accounts an incident contained: draft one notice per account in its owner's language
 * (and the stakeholder drafts), ask for one approval per template, send each approved template's notices.
 */
export const notifyUsers: Playbook = {
  id: 'notify-users',
  title: 'Notify the owners of contained accounts, after a person approves each notice text',
  trigger: 'npx riposte notices INCIDENT --approve; Step Functions console "Start execution"',
  input: NotifyUsersInputSchema,
  example: { incidentId: 'INC-20261120-f009f3fa' },
  definition(scope, fns) {
    const draft = action(
      scope,
      'Draft notices',
      fns['draft-notices'],
      { 'incidentId.$': '$.incidentId' },
      '$.drafts',
    );
    const ask = new LambdaInvoke(scope, 'Ask to approve the text', {
      lambdaFunction: fns['request-approval'],
      integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: TaskInput.fromObject({
        taskToken: JsonPath.taskToken,
        'incidentId.$': '$.incidentId',
        'subject.$':
          "States.Format('send {} notice(s) with template {}', $.template.count, $.template.template)",
        'planned.$': '$.template.planned',
        'reasons.$': "States.Array(States.Format('Subject: {}', $.template.subject), $.template.sample)",
        unanswered:
          'Unanswered within 24 hours, no notice is sent; `riposte notices INCIDENT --approve` asks again.',
      }),
      taskTimeout: Timeout.duration(NOTICE_APPROVAL_TIMEOUT),
      resultPath: '$.approval',
    });
    ask.addCatch(
      new Pass(scope, 'Text not approved', {
        parameters: { 'template.$': '$.template.template', sent: 0, approved: false },
      }),
      { errors: ['States.ALL'] },
    );
    const send = action(scope, 'Send notices', fns['send-notices'], {
      'incidentId.$': '$.incidentId',
      'template.$': '$.template.template',
      'approvedBy.$': '$.approval.by',
    });
    // A large incident at SES's rate can outlast one invocation: the next attempt skips what was sent.
    send.addRetry({ errors: ['Sandbox.Timedout', 'Lambda.TooManyRequestsException'], maxAttempts: 20 });
    const each = new MapState(scope, 'Each template', {
      itemsPath: '$.drafts.templates',
      maxConcurrency: 1,
      itemSelector: { 'incidentId.$': '$.incidentId', 'template.$': '$$.Map.Item.Value' },
      resultPath: '$.results',
    }).itemProcessor(ask.next(send));
    return draft.next(each).next(new Succeed(scope, 'Done'));
  },
};
