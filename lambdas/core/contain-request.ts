import { z } from 'zod';
import { type Alert, incidentIdFor } from './alerts.ts';
import { CONTAIN_ACTIONS } from './containment.ts';
import { IDENTITY_PROVIDERS } from './identity-config.ts';
import { InvalidInputError } from './validate.ts';

/** What an operator gives the manual contain-user playbook (console "Start execution" or CLI). */
export const ContainRequestSchema = z.object({
  /** Unique per request: re-submitting the same id changes nothing twice. */
  requestId: z.string().min(1).max(128),
  users: z
    .array(
      z
        .string()
        .min(1)
        .max(256)
        .regex(/^[^\p{Cc}]+$/u, 'must not contain control characters'),
    )
    .min(1)
    .max(1_000),
  /** Providers to act in; default: every configured provider. */
  providers: z.array(z.enum(IDENTITY_PROVIDERS)).min(1).optional(),
  actions: z.array(z.enum(CONTAIN_ACTIONS)).min(1).default(['revoke-sessions', 'force-password-reset']),
  reason: z.string().min(3).max(512),
  requestedBy: z.string().min(1).max(128),
  /** Attach to an incident that is already open instead of opening one for this request. */
  incidentId: z.string().min(1).max(80).optional(),
  severity: z.number().min(0).max(100).default(70),
});
export type ContainRequest = z.output<typeof ContainRequestSchema>;

/** The request as the alert and step input the shared steps understand. */
export function containRequestInput(request: ContainRequest, configured: readonly string[], now: Date) {
  const unknown = (request.providers ?? []).filter((p) => !configured.includes(p));
  if (unknown.length > 0) {
    throw new InvalidInputError(
      `providers: ${unknown.join(', ')} not configured here; configured: ${configured.join(', ')}`,
    );
  }
  const alert: Alert = {
    alertId: request.requestId,
    origin: 'console',
    type: 'manual-contain-user',
    playbook: 'contain-user',
    title: `contain-user by ${request.requestedBy}: ${request.reason}`,
    severity: request.severity,
    observedAt: now.toISOString(),
    sourceIps: [],
    sourceHosts: [],
    reasons: [request.reason],
    targetedUsers: request.users,
    compromisedUsers: request.users,
  };
  return {
    incidentId: request.incidentId ?? incidentIdFor(alert),
    alert,
    users: request.users,
    actions: request.actions,
    providers: request.providers ?? [...configured],
    requestedBy: request.requestedBy,
  };
}
