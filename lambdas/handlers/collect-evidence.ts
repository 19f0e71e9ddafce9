import { collectEvidence } from '../actions/collect-evidence.ts';
import { CollectInput } from '../core/evidence-collection.ts';
import { defineHandler, lambdaEntry } from '../platform/define-handler.ts';

export const definition = defineHandler({
  name: 'collect-evidence',
  input: CollectInput,
  // Each turn of the loop is its own invocation; a retried turn returns what it stored the first time.
  idempotencyKey: '[incidentId, alert.alertId, collect.invocations]',
  run: collectEvidence,
});

export const handler = lambdaEntry(definition);
