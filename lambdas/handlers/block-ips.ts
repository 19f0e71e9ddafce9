import { z } from 'zod';
import { blockSourceIps } from '../actions/block-ips.ts';
import { IncidentAlertInput } from '../core/step-inputs.ts';
import { defineHandler, lambdaEntry } from '../platform/define-handler.ts';

export const definition = defineHandler({
  name: 'block-ips',
  input: IncidentAlertInput.extend({
    dryRun: z.boolean().optional(),
    approved: z.boolean().optional(),
    ttlHours: z
      .number()
      .positive()
      .max(24 * 365)
      .nullish(),
  }),
  // No Powertools record here: a 50,000-alert burst cannot afford two extra table writes per alert, and a
  // re-delivered step only queues the same changes again (the writer's merge never adds a strike to an
  // active block; the incident may get a second, identical "live in WAF" line).
  run: blockSourceIps,
});

export const handler = lambdaEntry(definition);
