import { Parallel } from 'aws-cdk-lib/aws-stepfunctions';
import { ContainRequestSchema } from '../lambdas/core/contain-request.ts';
import { containWithApproval } from './contain-steps.ts';
import { incidentInput, incidentPlaybook, validateOperatorRequest } from './steps.ts';
import type { Playbook } from './types.ts';

/**
 * Manual containment: an operator names accounts, providers and actions; riposte records each account's
 * prior state, holds privileged accounts and large requests for approval, acts, and reports the residual
 * access window. `npx riposte undo INCIDENT contain-accounts` puts back what can be put back.
 */
export const containUser: Playbook = {
  id: 'contain-user',
  title: 'Contain named accounts in the identity providers: revoke sessions, force a reset, disable',
  trigger: 'manual: Step Functions console "Start execution" with the input below',
  input: ContainRequestSchema,
  example: {
    requestId: 'ops-2026-11-20-003',
    users: ['alice@example.com'],
    providers: ['cognito', 'app-sessions'],
    actions: ['revoke-sessions', 'force-password-reset', 'disable'],
    reason: 'phished credentials reported by the user, ticket SEC-1236',
    requestedBy: 'bob@example.com',
  },
  definition(scope, fns) {
    const contain = new Parallel(scope, 'Contain', { resultPath: '$.results' }).branch(
      containWithApproval(
        scope,
        'Contain accounts',
        { contain: fns['contain-accounts'], approval: fns['request-approval'] },
        {
          ...incidentInput,
          'users.$': '$.users',
          'actions.$': '$.actions',
          'providers.$': '$.providers',
        },
      ),
    );
    // A manual request is one action, not an attack in progress: it leaves the posture alone.
    return incidentPlaybook(scope, fns, validateOperatorRequest(scope, fns, 'contain-user'), contain, {
      posture: false,
    });
  },
};
