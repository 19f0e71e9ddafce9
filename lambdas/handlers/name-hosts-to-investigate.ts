import { nameHostsToInvestigate } from '../actions/name-hosts-to-investigate.ts';
import { IncidentAlertInput } from '../core/step-inputs.ts';
import { defineHandler, lambdaEntry } from '../platform/define-handler.ts';

export const definition = defineHandler({
  name: 'name-hosts-to-investigate',
  input: IncidentAlertInput,
  idempotencyKey: '[incidentId, alert.alertId]',
  run: nameHostsToInvestigate,
});

export const handler = lambdaEntry(definition);
