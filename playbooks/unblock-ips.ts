import { Parallel } from 'aws-cdk-lib/aws-stepfunctions';
import { OperatorRequestSchema } from '../lambdas/core/operator-request.ts';
import { branch, incidentInput, incidentPlaybook, validateOperatorRequest } from './steps.ts';
import type { Playbook } from './types.ts';

/** Manual unblock: remove addresses from WAF (a false positive, or an incident closed early), recorded. */
export const unblockIps: Playbook = {
  id: 'unblock-ips',
  title: 'Remove addresses from the WAF blocklist by hand, recorded on an incident',
  trigger: 'manual: Step Functions console "Start execution", or `npx riposte unblock`',
  input: OperatorRequestSchema,
  example: {
    requestId: 'ops-2026-11-20-002',
    ips: ['203.0.113.7'],
    reason: 'false positive: partner integration, ticket SEC-1235',
    requestedBy: 'alice@example.com',
    incidentId: 'INC-20261120-f009f3fa',
  },
  definition(scope, fns) {
    const unblock = new Parallel(scope, 'Unblock', { resultPath: '$.results' }).branch(
      branch(scope, 'unblock-ips', 'Unblock addresses', fns['unblock-ips'], {
        ...incidentInput,
        'dryRun.$': '$.dryRun',
      }),
    );
    // A manual request is one action, not an attack in progress: it leaves the posture alone.
    return incidentPlaybook(scope, fns, validateOperatorRequest(scope, fns, 'unblock-ips'), unblock, {
      posture: false,
    });
  },
};
