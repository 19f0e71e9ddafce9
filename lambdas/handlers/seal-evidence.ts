import { sealEvidence } from '../actions/seal-evidence.ts';
import { CollectInput } from '../core/evidence-collection.ts';
import { defineHandler, lambdaEntry } from '../platform/define-handler.ts';

export const definition = defineHandler({
  name: 'seal-evidence',
  input: CollectInput,
  idempotencyKey: '[incidentId, alert.alertId]',
  run: sealEvidence,
});

export const handler = lambdaEntry(definition);
