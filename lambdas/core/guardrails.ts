import { type Cidr, embeddedIpv4, nonPublicRange, overlaps, parseCidr } from './cidr.ts';
import type { RiposteConfig } from './config.ts';

export interface BlockLimits {
  allowList: readonly string[];
  maxPrefixV4: number;
  maxPrefixV6: number;
}

/** The limits a deployment's configuration sets. */
export function blockLimits(config: RiposteConfig): BlockLimits {
  const { allowList, waf } = config;
  return { allowList, maxPrefixV4: waf.maxPrefixV4, maxPrefixV6: waf.maxPrefixV6 };
}

export interface Refusal {
  input: string;
  reason: string;
}

export interface BlockPlan {
  accepted: Cidr[];
  refused: Refusal[];
}

/**
 * Decide which requested addresses may be blocked. Everything refused carries its reason,
 * so the incident timeline can say why an address was not blocked.
 */
export function planBlocks(requested: readonly string[], limits: BlockLimits): BlockPlan {
  const allowList = parsedAllowList(limits.allowList);
  const accepted = new Map<string, Cidr>();
  const refused: Refusal[] = [];
  for (const input of requested) {
    const verdict = judge(input, allowList, limits);
    if ('reason' in verdict) refused.push({ input, reason: verdict.reason });
    else accepted.set(verdict.cidr, verdict);
  }
  return { accepted: [...accepted.values()], refused };
}

/** The allow-list is configuration: parse it once per list, not once per request. */
const parsedLists = new WeakMap<readonly string[], Cidr[]>();
function parsedAllowList(list: readonly string[]): Cidr[] {
  let parsed = parsedLists.get(list);
  if (!parsed) {
    parsed = list.map((c) => parseCidr(c));
    parsedLists.set(list, parsed);
  }
  return parsed;
}

function judge(input: string, allowList: Cidr[], limits: BlockLimits): Cidr | { reason: string } {
  let cidr: Cidr;
  try {
    cidr = parseCidr(input);
  } catch (error) {
    return { reason: (error as Error).message };
  }
  const friend = allowList.find((allowed) => overlaps(allowed, cidr));
  if (friend) return { reason: `${cidr.cidr} overlaps allow-listed ${friend.cidr}` };
  // NAT64, 6to4 and Teredo addresses stand for an IPv4 host: an allow-listed one stays unblocked in any form.
  const embedded = embeddedIpv4(cidr);
  const embeddedFriend = embedded && allowList.find((allowed) => overlaps(allowed, embedded.ipv4));
  if (embedded && embeddedFriend)
    return {
      reason: `${cidr.cidr} is ${embedded.ipv4.cidr} inside ${embedded.via}, which overlaps allow-listed ${embeddedFriend.cidr}`,
    };
  const special = nonPublicRange(cidr);
  if (special) return { reason: `${cidr.cidr} is ${special} address space, not a public attacker` };
  const maxPrefix = cidr.version === 4 ? limits.maxPrefixV4 : limits.maxPrefixV6;
  if (cidr.prefix < maxPrefix) {
    return { reason: `${cidr.cidr} is broader than the /${maxPrefix} limit for IPv${cidr.version}` };
  }
  return cidr;
}
