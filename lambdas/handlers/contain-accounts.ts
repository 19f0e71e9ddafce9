import { containAccounts } from '../actions/contain-accounts.ts';
import { IncidentAlertInput } from '../core/step-inputs.ts';
import { defineHandler, lambdaEntry } from '../platform/define-handler.ts';

export const definition = defineHandler({
  name: 'contain-accounts',
  input: IncidentAlertInput,
  idempotencyKey: '[incidentId, alert.alertId]',
  run: containAccounts,
});

export const handler = lambdaEntry(definition);
