import {
  type BranchResult,
  describeCause,
  type IncidentStatus,
  statusFromBranches,
} from '../core/incident.ts';
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
  return { status };
}
