import { z } from 'zod';
import { type Alert, incidentIdFor } from './alerts.ts';

/** What an operator gives the manual block-ips and unblock-ips playbooks (console "Start execution" or CLI). */
export const OperatorRequestSchema = z.object({
  /** Unique per request: re-submitting the same id changes nothing twice. */
  requestId: z.string().min(1).max(128),
  ips: z.array(z.string().min(1).max(64)).min(1).max(10_000),
  reason: z.string().min(3).max(512),
  requestedBy: z.string().min(1).max(128),
  /** Attach to an incident that is already open instead of opening one for this request. */
  incidentId: z.string().min(1).max(80).optional(),
  /** block-ips only: how long, instead of the escalation ladder. */
  ttlHours: z
    .number()
    .positive()
    .max(24 * 365)
    .optional(),
  severity: z.number().min(0).max(100).default(50),
  dryRun: z.boolean().default(false),
  /** block-ips only: a human reviewed a request above the approval threshold. */
  approved: z.boolean().default(false),
});
export type OperatorRequest = z.output<typeof OperatorRequestSchema>;

/** The request as the alert the shared steps understand; the incident id is derived from the request id. */
export function operatorAlert(
  request: OperatorRequest,
  playbook: 'block-ips' | 'unblock-ips',
  now: Date,
): Alert {
  return {
    alertId: request.requestId,
    origin: 'console',
    type: `manual-${playbook}`,
    playbook,
    title: `${playbook} by ${request.requestedBy}: ${request.reason}`,
    severity: request.severity,
    observedAt: now.toISOString(),
    sourceIps: request.ips,
    sourceHosts: [],
    reasons: [request.reason],
    targetedUsers: [],
    compromisedUsers: [],
  };
}

export function operatorIncidentId(request: OperatorRequest, alert: Alert): string {
  return request.incidentId ?? incidentIdFor(alert);
}
