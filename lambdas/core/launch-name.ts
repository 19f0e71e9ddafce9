import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AlertSchema, executionNameFor } from './alerts.ts';

/**
 * The execution name of a hand-launched playbook: an alert's is derived from its incident (launching it again
 * starts nothing twice), an operator request's from its request id, anything else gets a fresh name.
 */
export function launchName(playbookId: string, input: Record<string, unknown>, now = new Date()): string {
  const alert = AlertSchema.safeParse(input);
  if (alert.success) return executionNameFor(alert.data);
  const request = z.object({ requestId: z.string().min(1) }).safeParse(input);
  const suffix = request.success
    ? request.data.requestId
    : `launch-${now.toISOString().replace(/\D/g, '').slice(0, 14)}-${randomUUID().slice(0, 8)}`;
  return `${playbookId}-${suffix}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 80);
}
