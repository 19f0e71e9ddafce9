import { z } from 'zod';
import { OperatorRequestSchema, operatorAlert, operatorIncidentId } from '../core/operator-request.ts';
import { InvalidInputError, parseInput } from '../core/validate.ts';
import { defineHandler, lambdaEntry } from '../platform/define-handler.ts';

/** First state of the manual playbooks: reject a bad operator request by field, before anything changes. */
export const definition = defineHandler({
  name: 'validate-operator-request',
  input: z.object({ playbook: z.enum(['block-ips', 'unblock-ips']), request: z.unknown() }),
  run: async ({ playbook, request: raw }, deps) => {
    const request = parseInput(OperatorRequestSchema, raw);
    if (request.incidentId && !(await deps.incidents.get(request.incidentId))) {
      throw new InvalidInputError(
        `incidentId: no incident ${request.incidentId} exists; omit it to open a new one`,
      );
    }
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
