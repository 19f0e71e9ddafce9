import { syncWaf } from '../actions/sync-waf.ts';
import { ChangeMessageSchema, WriterEventSchema } from '../core/step-inputs.ts';
import { parseInput } from '../core/validate.ts';
import { defineHandler, lambdaEntry } from '../platform/define-handler.ts';

/**
 * The one WAF writer (reserved concurrency 1). Woken by its queue with a batch of block/unblock requests,
 * or by the sweep schedule with none: either way it reconciles the IP sets with the blocklist table.
 */
export const definition = defineHandler({
  name: 'sync-waf',
  input: WriterEventSchema,
  run: async (event, deps) => {
    const changes = (event.Records ?? []).flatMap(
      (record, i) => parseInput(ChangeMessageSchema, JSON.parse(record.body), `Records[${i}].body`).changes,
    );
    return syncWaf(changes, deps);
  },
});

export const handler = lambdaEntry(definition);
