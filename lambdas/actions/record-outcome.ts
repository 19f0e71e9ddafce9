import {
  type BranchResult,
  combineStatus,
  describeCause,
  type IncidentStatus,
  STATUSES,
  statusFromBranches,
} from '../core/incident.ts';
import { incidentMetrics } from '../core/response-metrics.ts';
import type { Deps } from '../platform/deps.ts';

export interface OutcomeInput {
  incidentId: string;
  results: BranchResult[];
  /** The alert (or operator request) this execution ran for, and its playbook. */
  alertId?: string;
  playbook?: string;
}

/**
 * Write each branch's outcome on the timeline and set the incident's status (lambdas/core/status.ts):
 * this execution's own status, combined with what earlier alerts of the campaign achieved. A manual
 * block or unblock recorded on another playbook's incident is on its timeline but leaves its status.
 */
export async function recordOutcome(
  { incidentId, results, alertId, playbook }: OutcomeInput,
  deps: Deps,
): Promise<{ status: IncidentStatus }> {
  const at = deps.clock().toISOString();
  const incident = await deps.incidents.get(incidentId);
  const first = !incident || !alertId || incident.alertIds.length <= 1 || incident.alertIds[0] === alertId;
  const suffix = first ? '' : `:${alertId}`;
  for (const r of results) {
    if (r.ok) continue;
    await deps.incidents.append(incidentId, `branch-failed:${r.step}${suffix}`, {
      at,
      actor: 'riposte/playbook',
      action: r.step,
      outcome: 'failed',
      detail: `${r.step} failed: ${r.error}: ${describeCause(r.cause)}`,
      data: { error: r.error, cause: r.cause },
    });
  }
  const own = statusFromBranches(results, playbook);
  if (incident && playbook && playbook !== incident.playbook) {
    await deps.incidents.append(incidentId, `outcome:${alertId ?? playbook}`, {
      at,
      actor: 'riposte/playbook',
      action: 'record-outcome',
      outcome: 'ok',
      detail: `${playbook} ${alertId ?? ''} ended ${own}; the incident stays ${incident.status}`,
      data: { playbook, status: own },
    });
    return { status: incident.status };
  }
  const status = incident ? combineStatus(incident.status, own, first) : own;
  await deps.incidents.setStatus(incidentId, status, deps.clock());
  await deps.incidents.append(incidentId, `status:${status}${suffix}`, {
    at,
    actor: 'riposte/playbook',
    action: 'set-status',
    outcome: 'ok',
    detail:
      status === own
        ? `incident is ${status}: ${STATUSES[status].meaning}`
        : `incident is ${status} (this alert's work: ${own}): ${STATUSES[status].meaning}`,
    data: { status, own },
  });
  await publishMetrics(incidentId, deps);
  return { status };
}

/** The run's response metrics, from the timeline as it stands now; a failure to publish never fails the run. */
async function publishMetrics(incidentId: string, deps: Deps): Promise<void> {
  try {
    const incident = await deps.incidents.get(incidentId);
    if (!incident) return;
    deps.responseMetrics.publish(
      incidentMetrics(incident, await deps.incidents.timeline(incidentId), deps.clock()),
    );
  } catch (error) {
    deps.logger.warn('response metrics not published', { incidentId, error: (error as Error).message });
  }
}
