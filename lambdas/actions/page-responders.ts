import { type BranchResult, describeCause, type IncidentStatus } from '../core/incident.ts';
import { composePage } from '../core/page.ts';
import type { Deps } from '../platform/deps.ts';

/** Page the response team once per status change of the incident, naming what was done and what failed. */
export async function pageResponders(
  { incidentId, status, results }: { incidentId: string; status: IncidentStatus; results: BranchResult[] },
  deps: Deps,
): Promise<{ paged: boolean; messageId?: string }> {
  const incident = await deps.incidents.get(incidentId);
  if (!incident) throw new Error(`incident ${incidentId} does not exist`);
  if (!(await deps.incidents.claimPage(incidentId, status))) return { paged: false };
  const readable = results.map((r) => (r.ok ? r : { ...r, cause: describeCause(r.cause) }));
  const page = composePage(incident, status, readable);
  const at = deps.clock().toISOString();
  try {
    const { messageId } = await deps.pager.publish({ ...page, key: `${incidentId}:${status}` });
    await deps.incidents.append(incidentId, `page:${status}`, {
      at,
      actor: 'riposte/page-responders',
      action: 'page',
      outcome: 'ok',
      detail: `paged the response team: ${page.subject}`,
      data: { messageId },
    });
    return { paged: true, messageId };
  } catch (error) {
    await deps.incidents.releasePage(incidentId, status);
    await deps.incidents.append(incidentId, `page-failed:${status}:${at}`, {
      at,
      actor: 'riposte/page-responders',
      action: 'page',
      outcome: 'failed',
      detail: `could not page the response team: ${(error as Error).name}: ${(error as Error).message}`,
    });
    throw error;
  }
}
