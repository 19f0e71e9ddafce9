import { z } from 'zod';
import { recordOutcome } from '../actions/record-outcome.ts';
import { BranchResultSchema } from '../core/step-inputs.ts';
import { defineHandler, lambdaEntry } from '../platform/define-handler.ts';

export const definition = defineHandler({
  name: 'record-outcome',
  input: z.object({
    incidentId: z.string().min(1),
    results: z.array(BranchResultSchema),
    alertId: z.string().min(1).optional(),
    playbook: z.string().min(1).optional(),
  }),
  run: recordOutcome,
});

export const handler = lambdaEntry(definition);
