import { z } from 'zod';
import { sendNotices } from '../actions/notices.ts';
import { defineHandler, lambdaEntry } from '../platform/define-handler.ts';

export const definition = defineHandler({
  name: 'send-notices',
  input: z.object({
    incidentId: z.string().min(1).max(80),
    template: z.string().regex(/^[a-z0-9-]{1,64}$/),
    /** Who approved the text (the approval's answer). */
    approvedBy: z.string().max(256).optional(),
  }),
  run: sendNotices,
});

export const handler = lambdaEntry(definition);
