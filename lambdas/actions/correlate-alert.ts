import { type Alert, alertDigest, incidentIdFor } from '../core/alerts.ts';
import { campaignFor, indicatorsOf } from '../core/campaign.ts';
import type { Deps } from '../platform/deps.ts';

/**
 * Join the alert to the campaign it belongs to: an open incident that saw one of its sources or accounts
 * within the correlation window. Returns the alert with `incidentId` set when it joins another incident.
 * The decision is recorded per alert, so a re-delivered alert joins the same incident again.
 */
export async function correlateAlert(alert: Alert, deps: Deps): Promise<Alert> {
  if (alert.incidentId || deps.config.detection.correlationMinutes === 0) return alert;
  const own = incidentIdFor(alert);
  const indicators = indicatorsOf(alert);
  if (indicators.length === 0) return alert;
  const at = Date.parse(alert.observedAt);
  const windowMs = deps.config.detection.correlationMinutes * 60_000;
  const found = campaignFor(await deps.campaigns.marks(indicators), at, windowMs) ?? own;
  const incidentId = await deps.campaigns.decide(alertDigest(alert), found);
  await deps.campaigns.mark(indicators, incidentId, at);
  if (incidentId === own) return alert;
  deps.logger.info('alert joins a campaign', { alertId: alert.alertId, incidentId });
  return { ...alert, incidentId };
}
