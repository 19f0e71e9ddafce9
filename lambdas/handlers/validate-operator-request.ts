import { z } from 'zod';
import { OperatorRequestSchema, operatorAlert, operatorIncidentId } from '../core/operator-request.ts';
import { parseInput } from '../core/validate.ts';
import { defineHandler, lambdaEntry } from '../platform/define-handler.ts';

/** First state of the manual playbooks: reject a bad operator request by field, before anything changes. */
export const definition = defineHandler({
  name: 'validate-operator-request',
  input: z.object({ playbook: z.enum(['block-ips', 'unblock-ips']), request: z.unknown() }),
  run: async ({ playbook, request: raw }, deps) => {
    const request = parseInput(OperatorRequestSchema, raw);
    const alert = operatorAlert(request, playbook, deps.clock());
    return {
      incidentId: operatorIncidentId(request, alert),
      alert,
      dryRun: request.dryRun,
      approved: request.approved,
      ttlHours: request.ttlHours ?? null,
      requestedBy: request.requestedBy,
    };
  },
});

export const handler = lambdaEntry(definition);
