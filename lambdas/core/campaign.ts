import type { Alert } from './alerts.ts';
import { canonicalAddress } from './cidr.ts';

/** What ties alerts of one campaign together: a source address, a source host, an account. */
export function indicatorsOf(
  alert: Pick<Alert, 'sourceIps' | 'sourceHosts' | 'targetedUsers' | 'compromisedUsers'>,
) {
  const indicators = new Set<string>();
  // One spelling per address: `::ffff:1.2.3.4`, ` 01.02.03.04 ` and `1.2.3.4/032` are one campaign.
  for (const ip of alert.sourceIps.slice(0, MAX_INDICATORS))
    indicators.add(`ip:${canonicalAddress(ip) ?? ip}`);
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
