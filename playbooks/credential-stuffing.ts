import { Parallel } from 'aws-cdk-lib/aws-stepfunctions';
import { AlertSchema } from '../lambdas/core/alerts.ts';
import { containWithApproval } from './contain-steps.ts';
import { collectAndSealEvidence } from './evidence-steps.ts';
import { action, blockWithApproval, incidentPlaybook } from './steps.ts';
import type { Playbook } from './types.ts';

/**
 * Credential stuffing (MITRE ATT&CK T1110.004): block the sources, contain the accounts that signed in
 * from them, seal the evidence — all at once — then record the outcome and page the response team.
 */
export const credentialStuffing: Playbook = {
  id: 'credential-stuffing',
  title: 'Credential stuffing: block the botnet, contain compromised accounts, seal evidence',
  trigger:
    'riposte.detection events of type credential-stuffing; GuardDuty SSH/RDP brute-force findings (native or via Security Hub) with a remote attacker IP; the Security Hub custom action "Contain with riposte"; CloudWatch alarms named riposte-trigger-… going to ALARM',
  input: AlertSchema,
  example: {
    alertId: 'det-1',
    type: 'credential-stuffing',
    playbook: 'credential-stuffing',
    severity: 80,
    observedAt: '2026-11-20T03:12:00Z',
    sourceIps: ['203.0.113.7'],
    targetedUsers: ['alice', 'bob'],
    compromisedUsers: ['alice'],
  },
  definition(scope, fns) {
    const validate = action(scope, 'Validate alert', fns['validate-alert']);
    const contain = new Parallel(scope, 'Contain in parallel', { resultPath: '$.results' })
      .branch(
        blockWithApproval(scope, 'Block source IPs', {
          block: fns['block-ips'],
          approval: fns['request-approval'],
        }),
      )
      .branch(
        containWithApproval(scope, 'Revoke sessions and force resets', {
          contain: fns['contain-accounts'],
          approval: fns['request-approval'],
        }),
      )
      .branch(
        collectAndSealEvidence(scope, { collect: fns['collect-evidence'], seal: fns['seal-evidence'] }),
      );
    return incidentPlaybook(scope, fns, validate, contain);
  },
};
