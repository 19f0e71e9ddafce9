import { watchAccount } from '../actions/watch-account.ts';
import { IncidentAlertInput } from '../core/step-inputs.ts';
import { defineHandler, lambdaEntry } from '../platform/define-handler.ts';

export const definition = defineHandler({
  name: 'watch-account',
  input: IncidentAlertInput,
  idempotencyKey: '[incidentId, alert.alertId]',
  run: watchAccount,
});

export const handler = lambdaEntry(definition);
