import { Parallel } from 'aws-cdk-lib/aws-stepfunctions';
import { AlertSchema } from '../lambdas/core/alerts.ts';
import { containSignedIn } from './decisions.ts';
import { collectAndSealEvidence } from './evidence-steps.ts';
import { action, blockWithApproval, branch, incidentPlaybook } from './steps.ts';
import type { Playbook } from './types.ts';

/**
 * Password spray (MITRE ATT&CK T1110.003): one password tried against many accounts. As a responder runs it:
 *   1. block the public sources (guardrails and approval as always; private addresses are refused there);
 *   2. name every internal source — a private address, or a host known by name only — as a host to
 *      investigate, with its failed sign-ins from the logs: it is inspected or isolated, never put in WAF;
 *   3. contain only the accounts that then signed in successfully from the spray;
 *   4. seal the evidence;
 * then record the outcome and page the response team, naming the hosts to investigate.
 */
export const passwordSpray: Playbook = {
  id: 'password-spray',
  title:
    'Password spray: block public sources, name internal hosts to investigate, contain accounts that signed in',
  trigger: 'riposte.detection events of type password-spray',
  input: AlertSchema,
  example: {
    alertId: 'det-spray-1',
    type: 'password-spray',
    playbook: 'password-spray',
    severity: 75,
    observedAt: '2020-10-22T08:29:53Z',
    sourceIps: ['203.0.113.7'],
    sourceHosts: ['WORKSTATION5'],
    targetedUsers: ['lrodriguez', 'pgustavo', 'sysmonsvc', 'sbeavers', 'mscott', 'pbeesly', 'nxlogsvc'],
    compromisedUsers: ['mscott'],
    window: { start: '2020-10-22T08:00:00Z', end: '2020-10-22T08:30:00Z' },
    reasons: ['one password tried against 7 accounts in 1 second'],
  },
  definition(scope, fns) {
    const validate = action(scope, 'Validate alert', fns['validate-alert']);
    const respond = new Parallel(scope, 'Respond in parallel', { resultPath: '$.results' })
      .branch(
        blockWithApproval(scope, 'Block public sources', {
          block: fns['block-ips'],
          approval: fns['request-approval'],
        }),
      )
      .branch(
        branch(
          scope,
          'name-hosts-to-investigate',
          'Name internal hosts to investigate',
          fns['name-hosts-to-investigate'],
        ),
      )
      .branch(containSignedIn(scope, { contain: fns['contain-accounts'], approval: fns['request-approval'] }))
      .branch(
        collectAndSealEvidence(scope, { collect: fns['collect-evidence'], seal: fns['seal-evidence'] }),
      );
    return incidentPlaybook(scope, fns, validate, respond);
  },
};
