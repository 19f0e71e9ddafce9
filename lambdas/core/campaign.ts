import type { Alert } from './alerts.ts';

/** What ties alerts of one campaign together: a source address, a source host, an account. */
export function indicatorsOf(
  alert: Pick<Alert, 'sourceIps' | 'sourceHosts' | 'targetedUsers' | 'compromisedUsers'>,
) {
  const indicators = new Set<string>();
  for (const ip of alert.sourceIps) indicators.add(`ip:${ip}`);
  for (const host of alert.sourceHosts) indicators.add(`host:${host.toUpperCase()}`);
  for (const user of [...alert.compromisedUsers, ...alert.targetedUsers])
    indicators.add(`user:${user.toLowerCase()}`);
  // A botnet of 50,000 addresses is one campaign after its first thousand indicators.
  return [...indicators].slice(0, MAX_INDICATORS);
}
export const MAX_INDICATORS = 1000;

/** One indicator's latest incident, as the campaign index keeps it. */
export interface CampaignMark {
  indicator: string;
  incidentId: string;
  /** The observation time (epoch ms) of the latest alert that carried the indicator. */
  lastSeen: number;
}

/**
 * The campaign an alert observed at `at` joins: the incident whose shared indicator was seen within the
 * window (either side: alerts arrive out of order), the most recently seen when several match.
 */
export function campaignFor(
  marks: readonly CampaignMark[],
  at: number,
  windowMs: number,
): string | undefined {
  let best: CampaignMark | undefined;
  for (const m of marks) {
    if (Math.abs(at - m.lastSeen) > windowMs) continue;
    if (!best || m.lastSeen > best.lastSeen) best = m;
  }
  return best?.incidentId;
}
