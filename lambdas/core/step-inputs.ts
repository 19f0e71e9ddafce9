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
