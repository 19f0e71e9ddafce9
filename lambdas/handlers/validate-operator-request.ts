import { z } from 'zod';
import { ContainRequestSchema, containRequestInput } from '../core/contain-request.ts';
import { OperatorRequestSchema, operatorAlert, operatorIncidentId } from '../core/operator-request.ts';
import { InvalidInputError, parseInput } from '../core/validate.ts';
import { defineHandler, lambdaEntry } from '../platform/define-handler.ts';
import type { Deps } from '../platform/deps.ts';

/** First state of the manual playbooks: reject a bad operator request by field, before anything changes. */
export const definition = defineHandler({
  name: 'validate-operator-request',
  input: z.object({ playbook: z.enum(['block-ips', 'unblock-ips', 'contain-user']), request: z.unknown() }),
  run: async ({ playbook, request: raw }, deps) => {
    if (playbook === 'contain-user') {
      const request = parseInput(ContainRequestSchema, raw);
      await requireIncident(request.incidentId, deps);
      return containRequestInput(request, deps.config.identity.providers, deps.clock());
    }
    const request = parseInput(OperatorRequestSchema, raw);
    await requireIncident(request.incidentId, deps);
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

async function requireIncident(incidentId: string | undefined, deps: Deps) {
  if (incidentId && !(await deps.incidents.get(incidentId))) {
    throw new InvalidInputError(`incidentId: no incident ${incidentId} exists; omit it to open a new one`);
  }
}

export const handler = lambdaEntry(definition);
