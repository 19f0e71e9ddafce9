import { blockSourceIps } from '../actions/block-ips.ts';
import { IncidentAlertInput } from '../core/step-inputs.ts';
import { defineHandler, lambdaEntry } from '../platform/define-handler.ts';

export const definition = defineHandler({
  name: 'block-ips',
  input: IncidentAlertInput,
  idempotencyKey: '[incidentId, alert.alertId]',
  run: blockSourceIps,
});

export const handler = lambdaEntry(definition);
