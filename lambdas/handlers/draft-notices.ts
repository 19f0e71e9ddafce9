import { z } from 'zod';
import { draftNotices } from '../actions/notices.ts';
import { defineHandler, lambdaEntry } from '../platform/define-handler.ts';

export const definition = defineHandler({
  name: 'draft-notices',
  input: z.object({ incidentId: z.string().min(1).max(80) }),
  run: draftNotices,
});

export const handler = lambdaEntry(definition);
