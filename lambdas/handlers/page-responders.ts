import { z } from 'zod';
import { pageResponders } from '../actions/page-responders.ts';
import { STATUS_NAMES } from '../core/status.ts';
import { BranchResultSchema } from '../core/step-inputs.ts';
import { defineHandler, lambdaEntry } from '../platform/define-handler.ts';

export const definition = defineHandler({
  name: 'page-responders',
  input: z.object({
    incidentId: z.string().min(1),
    status: z.enum(STATUS_NAMES),
    results: z.array(BranchResultSchema),
  }),
  idempotencyKey: '[incidentId, status]',
  run: pageResponders,
});

export const handler = lambdaEntry(definition);
