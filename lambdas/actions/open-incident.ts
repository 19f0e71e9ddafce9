import type { Alert } from '../core/alerts.ts';
import { newIncident } from '../core/incident.ts';
import type { Deps } from '../platform/deps.ts';

/** Open the incident for this alert, or attach the alert to the incident already open for it. */
export async function openIncident({ incidentId, alert }: { incidentId: string; alert: Alert }, deps: Deps) {
  const now = deps.clock();
  const { incident, created } = await deps.incidents.open(newIncident(incidentId, alert, now));
  if (!created) await deps.incidents.joinAlert(incidentId, alert, now);
  await deps.incidents.append(incidentId, `alert:${alert.alertId}`, {
    at: now.toISOString(),
    actor: `alert/${alert.origin}`,
    action: created ? 'open-incident' : 'attach-alert',
    outcome: 'ok',
    detail: `${created ? 'opened' : 'attached to'} ${incident.id} from ${alert.origin} alert ${alert.alertId}: ${alert.title}`,
    data: { alert },
  });
  return { incidentId: incident.id, created, status: incident.status };
}
