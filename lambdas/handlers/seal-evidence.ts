import { sealEvidence } from '../actions/seal-evidence.ts';
import { IncidentAlertInput } from '../core/step-inputs.ts';
import { defineHandler, lambdaEntry } from '../platform/define-handler.ts';

export const definition = defineHandler({
  name: 'seal-evidence',
  input: IncidentAlertInput,
  idempotencyKey: '[incidentId, alert.alertId]',
  run: sealEvidence,
});

export const handler = lambdaEntry(definition);
