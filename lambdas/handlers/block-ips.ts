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
  // No Powertools record here: re-delivery is harmless by construction (the writer's merge never adds a
  // strike to an active block, timeline entries have fixed ids), and a 50,000-alert burst cannot afford
  // two extra table writes per alert.
  run: blockSourceIps,
});

export const handler = lambdaEntry(definition);
