import type { Alert } from './alerts.ts';
import type { AuthEvent } from './auth-event.ts';
import { nonPublicRange, parseCidr } from './cidr.ts';

/** An attacking machine inside the network: something to investigate or isolate, never a WAF entry. */
export interface HostToInvestigate {
  /** The private address or the host name the detection named. */
  host: string;
  failures: number;
  successes: number;
  /** Accounts it tried, sorted. */
  accounts: string[];
  /** Accounts it then signed in as, sorted. */
  signedInAs: string[];
  firstSeen?: string;
  lastSeen?: string;
}

/**
 * The sources of an alert that sit inside the network: private (or otherwise non-public) addresses, and
 * hosts known by name only (a Windows record with no IP). Public addresses are for the block step.
 */
export function internalSources(alert: Pick<Alert, 'sourceIps' | 'sourceHosts'>): string[] {
  const addresses = alert.sourceIps.flatMap((ip) => {
    try {
      const cidr = parseCidr(ip);
      if (!nonPublicRange(cidr)) return [];
      const single = cidr.prefix === (cidr.version === 4 ? 32 : 128);
      return [single ? (cidr.cidr.split('/')[0] ?? cidr.cidr) : cidr.cidr];
    } catch {
      return [];
    }
  });
  return [...new Set([...addresses, ...alert.sourceHosts.map((h) => h.toUpperCase())])];
}

/** Each host's sign-in record in the window: how often it failed and succeeded, as whom, from when to when. */
export function hostEvidence(hosts: readonly string[], events: readonly AuthEvent[]): HostToInvestigate[] {
  return hosts.map((host) => {
    const mine = events.filter((e) => e.sourceIp === host || e.sourceHost === host);
    const times = mine.map((e) => e.time).sort((a, b) => a - b);
    const first = times[0];
    const last = times.at(-1);
    return {
      host,
      failures: mine.filter((e) => e.outcome === 'failure').length,
      successes: mine.filter((e) => e.outcome === 'success').length,
      accounts: sorted(mine.map((e) => e.user)),
      signedInAs: sorted(mine.filter((e) => e.outcome === 'success').map((e) => e.user)),
      // Absent rather than undefined: results are stored as they are (DynamoDB refuses undefined).
      ...(first === undefined || last === undefined
        ? {}
        : { firstSeen: new Date(first).toISOString(), lastSeen: new Date(last).toISOString() }),
    };
  });
}

function sorted(items: string[]): string[] {
  return [...new Set(items)].sort();
}
