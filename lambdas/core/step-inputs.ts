import { z } from 'zod';
import { AlertSchema } from './alerts.ts';

/** What the playbook hands every action step: the incident and the validated alert. */
export const IncidentAlertInput = z.object({ incidentId: z.string().min(1), alert: AlertSchema });

export const BranchResultSchema = z.union([
  z.looseObject({
    step: z.string(),
    ok: z.literal(true),
    summary: z.string(),
    failures: z.array(z.object({ target: z.string(), error: z.string() })),
  }),
  z.object({ step: z.string(), ok: z.literal(false), error: z.string(), cause: z.string() }),
]);

const change = {
  cidr: z.string().min(1),
  version: z.union([z.literal(4), z.literal(6)]),
  incidentId: z.string().min(1),
  reason: z.string(),
  requestedAt: z.string(),
};

/** What the WAF writer reads from its queue: the changes of one block or unblock step per message. */
export const ChangeMessageSchema = z.object({
  changes: z.array(
    z.discriminatedUnion('op', [
      z.object({
        op: z.literal('block'),
        ...change,
        severity: z.number(),
        ttlHours: z.number().positive().optional(),
      }),
      z.object({ op: z.literal('unblock'), ...change }),
    ]),
  ),
});

/** The writer is woken by its queue (SQS records) or by the sweep schedule (no records). */
export const WriterEventSchema = z.looseObject({
  Records: z.array(z.looseObject({ body: z.string() })).optional(),
});

/** What a relaxation schedule (or `riposte relax advance`) hands the relax state machine. */
export const RelaxInputSchema = z.object({
  incidentId: z.string().min(1),
  stage: z.string().regex(/^[a-z0-9-]{1,20}$/),
  attempt: z.number().int().min(1).max(1000),
  plannedAt: z.iso.datetime({ offset: true }),
  /** An analyst advancing the ladder: runs the stage now, past a hold and the gate. */
  force: z.boolean().optional(),
  by: z.string().min(1).optional(),
});
