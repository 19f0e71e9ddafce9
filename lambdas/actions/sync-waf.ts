import { desiredAddresses } from '../adapters/dynamo/blocklist.ts';
import { type IpSetRef, MAX_ADDRESSES_PER_IP_SET } from '../adapters/waf/port.ts';
import { planBlocks } from '../core/guardrails.ts';
import type { Deps } from '../platform/deps.ts';

export interface IpSetSync {
  version: 4 | 6;
  addresses: number;
  written: boolean;
  lockConflicts: number;
  /** Desired entries that could not be written (capacity or guardrails), each with why. */
  omitted: { cidr: string; reason: string }[];
}

const MAX_ATTEMPTS = 6;
const RETRYABLE = new Set(['WAFOptimisticLockException', 'WAFInternalErrorException', 'ThrottlingException']);

/**
 * The serialized WAF writer: make each IP set hold exactly the live entries of the blocklist table.
 * Every pending change is coalesced into at most one UpdateIPSet per set; an unchanged set is not written.
 */
export async function syncWaf(
  deps: Deps,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<IpSetSync[]> {
  const now = deps.clock();
  const entries = await deps.blocklist.all();
  const desired = desiredAddresses(entries, now);
  const results: IpSetSync[] = [];
  for (const version of [4, 6] as const) {
    // Guardrails again at write time: the table is trusted, but an allow-listed address must never reach WAF.
    const { waf, allowList } = deps.config;
    const plan = planBlocks(desired[version], {
      allowList,
      maxPrefixV4: waf.maxPrefixV4,
      maxPrefixV6: waf.maxPrefixV6,
    });
    const omitted = plan.refused.map((r) => ({ cidr: r.input, reason: r.reason }));
    let addresses = plan.accepted.map((c) => c.cidr);
    if (addresses.length > MAX_ADDRESSES_PER_IP_SET) {
      const wanted = new Set(addresses);
      const bySeverity = entries
        .filter((e) => wanted.has(e.cidr))
        .sort((a, b) => b.severity - a.severity || b.updatedAt.localeCompare(a.updatedAt));
      addresses = bySeverity
        .slice(0, MAX_ADDRESSES_PER_IP_SET)
        .map((e) => e.cidr)
        .sort();
      for (const e of bySeverity.slice(MAX_ADDRESSES_PER_IP_SET)) {
        omitted.push({ cidr: e.cidr, reason: `IP set full (${MAX_ADDRESSES_PER_IP_SET} addresses)` });
      }
    }
    results.push({ version, ...(await writeIpSet(deps, deps.ipSets[version], addresses, sleep)), omitted });
  }
  return results;
}

async function writeIpSet(
  deps: Deps,
  ref: IpSetRef,
  addresses: string[],
  sleep: (ms: number) => Promise<void>,
): Promise<{ addresses: number; written: boolean; lockConflicts: number }> {
  let lockConflicts = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      const current = await deps.waf.get(ref);
      if (sameSet(current.addresses, addresses))
        return { addresses: addresses.length, written: false, lockConflicts };
      await deps.waf.update(ref, addresses, current.lockToken);
      return { addresses: addresses.length, written: true, lockConflicts };
    } catch (error) {
      const name = (error as Error).name;
      if (!RETRYABLE.has(name) || attempt >= MAX_ATTEMPTS) throw error;
      if (name === 'WAFOptimisticLockException') lockConflicts++;
      // Full jitter: concurrent writers (e.g. a console edit) do not collide again in lockstep.
      await sleep(Math.random() * 100 * 2 ** attempt);
    }
  }
}

function sameSet(current: readonly string[], desired: readonly string[]): boolean {
  if (current.length !== desired.length) return false;
  const have = new Set(current);
  return desired.every((a) => have.has(a));
}
