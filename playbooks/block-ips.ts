import { Parallel } from 'aws-cdk-lib/aws-stepfunctions';
import { OperatorRequestSchema } from '../lambdas/core/operator-request.ts';
import { blockWithApproval, incidentInput, incidentPlaybook, validateOperatorRequest } from './steps.ts';
import type { Playbook } from './types.ts';

/**
 * Manual block: an operator blocks addresses in WAF through the same guardrails, writer and records as the
 * automatic playbooks (allow-list, reserved ranges, approval threshold, kill switch, dry run).
 */
export const blockIps: Playbook = {
  id: 'block-ips',
  title: 'Block addresses in WAF by hand, through the same guardrails as the automatic playbooks',
  trigger: 'manual: Step Functions console "Start execution", or `npx riposte block`',
  input: OperatorRequestSchema,
  example: {
    requestId: 'ops-2026-11-20-001',
    ips: ['203.0.113.7', '198.51.100.0/24'],
    reason: 'credential stuffing from a hosting range, ticket SEC-1234',
    requestedBy: 'alice@example.com',
    ttlHours: 48,
  },
  definition(scope, fns) {
    const block = new Parallel(scope, 'Block', { resultPath: '$.results' }).branch(
      blockWithApproval(
        scope,
        'Block addresses',
        { block: fns['block-ips'], approval: fns['request-approval'] },
        {
          ...incidentInput,
          'dryRun.$': '$.dryRun',
          'approved.$': '$.approved',
          'ttlHours.$': '$.ttlHours',
        },
      ),
    );
    // A manual request is one action, not an attack in progress: it leaves the posture alone.
    return incidentPlaybook(scope, fns, validateOperatorRequest(scope, fns, 'block-ips'), block, {
      posture: false,
    });
  },
};
