import {
  type BranchResult,
  describeCause,
  type IncidentStatus,
  statusFromBranches,
} from '../core/incident.ts';
import { incidentMetrics } from '../core/response-metrics.ts';
import type { Deps } from '../platform/deps.ts';

/** Write each branch's outcome on the timeline and set the incident's status from them. */
export async function recordOutcome(
  { incidentId, results }: { incidentId: string; results: BranchResult[] },
  deps: Deps,
): Promise<{ status: IncidentStatus }> {
  const at = deps.clock().toISOString();
  for (const r of results) {
    if (r.ok) continue;
    await deps.incidents.append(incidentId, `branch-failed:${r.step}`, {
      at,
      actor: 'riposte/playbook',
      action: r.step,
      outcome: 'failed',
      detail: `${r.step} failed: ${r.error}: ${describeCause(r.cause)}`,
      data: { error: r.error, cause: r.cause },
    });
  }
  const status = statusFromBranches(results);
  await deps.incidents.setStatus(incidentId, status, deps.clock());
  await deps.incidents.append(incidentId, `status:${status}`, {
    at,
    actor: 'riposte/playbook',
    action: 'set-status',
    outcome: 'ok',
    detail: `incident is ${status}`,
    data: { status },
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
