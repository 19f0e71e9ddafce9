import { z } from 'zod';
import { requestApproval } from '../actions/request-approval.ts';
import { AlertSchema } from '../core/alerts.ts';
import { defineHandler, lambdaEntry } from '../platform/define-handler.ts';

export const definition = defineHandler({
  name: 'request-approval',
  input: z.object({
    taskToken: z.string().min(1),
    incidentId: z.string().min(1),
    /** Absent when no alert asks (a notice text, for one). */
    alert: AlertSchema.optional(),
    planned: z.array(z.string()),
    subject: z.string().max(200).optional(),
    reasons: z.array(z.string()).max(1_000).optional(),
    unanswered: z.string().max(500).optional(),
    escalation: z.boolean().optional(),
  }),
  idempotencyKey: 'taskToken',
  run: requestApproval,
});

export const handler = lambdaEntry(definition);
