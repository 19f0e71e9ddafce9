import { z } from 'zod';
import { syncWaf } from '../actions/sync-waf.ts';
import { defineHandler, lambdaEntry } from '../platform/define-handler.ts';

/**
 * The one WAF writer (reserved concurrency 1), woken by the blocklist table's stream. The records
 * only say "something changed": it reconciles the whole desired state, so a burst becomes one write.
 */
export const definition = defineHandler({
  name: 'sync-waf',
  input: z.unknown(),
  run: async (_event, deps) => ({ ipSets: await syncWaf(deps) }),
});

export const handler = lambdaEntry(definition);
