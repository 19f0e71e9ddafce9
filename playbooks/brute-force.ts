import { Parallel } from 'aws-cdk-lib/aws-stepfunctions';
import { AlertSchema } from '../lambdas/core/alerts.ts';
import { containSignedIn } from './decisions.ts';
import { collectAndSealEvidence } from './evidence-steps.ts';
import { action, blockWithApproval, branch, incidentPlaybook } from './steps.ts';
import type { Playbook } from './types.ts';

/**
 * Brute force against one account (MITRE ATT&CK T1110.001), as a responder runs it:
 *   1. block the public source (guardrails and approval as always);
 *   2. if a sign-in succeeded after the failures, contain the account (revoke sessions, force a new
 *      password); if none did, leave the password alone: the lockout already protects it;
 *   3. tell the account's owner what happened and whether they must act;
 *   4. seal the evidence;
 * then record the outcome and page the response team.
 */
export const bruteForce: Playbook = {
  id: 'brute-force',
  title: 'Brute force: block the source, contain the account only if a sign-in succeeded, tell its owner',
  trigger: 'riposte.detection events of type brute-force',
  input: AlertSchema,
  example: {
    alertId: 'det-bf-1',
    type: 'brute-force',
    playbook: 'brute-force',
    severity: 60,
    observedAt: '2026-11-20T03:12:00Z',
    sourceIps: ['203.0.113.50'],
    targetedUsers: ['alice'],
    compromisedUsers: [],
    window: { start: '2026-11-20T03:00:00Z', end: '2026-11-20T03:12:00Z' },
    reasons: ['212 failed sign-ins for alice from 203.0.113.50 in 12 minutes'],
  },
  definition(scope, fns) {
    const validate = action(scope, 'Validate alert', fns['validate-alert']);
    const respond = new Parallel(scope, 'Respond in parallel', { resultPath: '$.results' })
      .branch(
        blockWithApproval(scope, 'Block the source', {
          block: fns['block-ips'],
          approval: fns['request-approval'],
        }),
      )
      .branch(containSignedIn(scope, { contain: fns['contain-accounts'], approval: fns['request-approval'] }))
      .branch(branch(scope, 'notify-owner', 'Tell the account owner', fns['notify-owner']))
      .branch(
        collectAndSealEvidence(scope, { collect: fns['collect-evidence'], seal: fns['seal-evidence'] }),
      );
    return incidentPlaybook(scope, fns, validate, respond);
  },
};
