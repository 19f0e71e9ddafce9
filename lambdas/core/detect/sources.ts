import type { AuthEvent } from '../auth-event.ts';
import { nonPublicRange, parseCidr } from '../cidr.ts';

/** Where an attempt came from: its IP, or its host when the record has no IP (Windows writes "-"). */
export interface Source {
  key: string;
  ip?: string;
  host?: string;
  /** Private, loopback … or host-only: a machine to investigate, never an address for AWS WAF. */
  internal: boolean;
}

const publicCache = new Map<string, boolean>();

function isPublic(ip: string): boolean {
  let known = publicCache.get(ip);
  if (known === undefined) {
    try {
      known = nonPublicRange(parseCidr(ip)) === undefined;
    } catch {
      known = false;
    }
    if (publicCache.size > 100_000) publicCache.clear();
    publicCache.set(ip, known);
  }
  return known;
}

/** A source known by its address. */
export function ipSource(ip: string, host?: string): Source {
  return { key: ip, ip, host, internal: !isPublic(ip) };
}

export function sourceOf(event: AuthEvent): Source | undefined {
  if (event.sourceIp) return ipSource(event.sourceIp, event.sourceHost);
  if (event.sourceHost) return { key: `host:${event.sourceHost}`, host: event.sourceHost, internal: true };
  return undefined;
}

/** Split sources into what may be blocked (public IPs) and what is investigated (hosts, internal IPs). */
export function splitSources(sources: Iterable<Source>): { sourceIps: string[]; sourceHosts: string[] } {
  const ips = new Set<string>();
  const hosts = new Set<string>();
  for (const s of sources) {
    if (s.ip && !s.internal) {
      ips.add(s.ip);
      continue;
    }
    if (s.host) hosts.add(s.host);
    if (s.ip) hosts.add(s.ip);
  }
  return { sourceIps: [...ips].sort(), sourceHosts: [...hosts].sort() };
}
