import type { IpVersion } from './cidr.ts';
import { addHours } from './clock.ts';

/** One desired WAF block: the blocklist table is the truth the WAF writer reconciles IP sets to. */
export interface BlockEntry {
  cidr: string;
  version: IpVersion;
  incidentIds: string[];
  reason: string;
  severity: number;
  createdAt: string;
  updatedAt: string;
  /** Compared in code: DynamoDB TTL deletes lazily, days late, so it is no timer. */
  expiresAt: string;
  /** How many times this address has been blocked; a block after expiry escalates the next one. */
  strikes: number;
  /** Set when an operator unblocked it: the entry stays for its history, inactive. */
  unblockedAt?: string;
  /** Set when every IP set of its family was full and it could not be written (see omitReason). */
  omittedAt?: string;
  omitReason?: string;
}

/** A request to block (from a playbook step or an operator), as it waits for the writer. */
export interface BlockRequest {
  op: 'block';
  cidr: string;
  version: IpVersion;
  incidentId: string;
  reason: string;
  severity: number;
  requestedAt: string;
  /** Overrides the ladder's duration (manual blocks). */
  ttlHours?: number;
}

export interface UnblockRequest {
  op: 'unblock';
  cidr: string;
  version: IpVersion;
  incidentId: string;
  reason: string;
  requestedAt: string;
}

export type BlocklistChange = BlockRequest | UnblockRequest;

/** First block, then each repeat after expiry, lasts longer: [24 h, 7 d, 30 d] by default. */
export function blockDurationHours(strike: number, ladder: readonly number[]): number {
  if (ladder.length === 0) throw new RangeError('the block ladder needs at least one duration');
  return ladder[Math.min(Math.max(strike, 1), ladder.length) - 1] as number;
}

export function isActive(entry: BlockEntry, now: Date): boolean {
  // Compared as times: `+010000-01-01…` sorts before `2026-…` as text.
  return !entry.unblockedAt && Date.parse(entry.expiresAt) > now.getTime();
}

/**
 * Apply one change to the entry it concerns. Blocking an active entry adds the incident and never
 * shortens it; blocking an expired or unblocked one starts the next, longer, strike.
 */
export function applyChange(
  existing: BlockEntry | undefined,
  change: BlocklistChange,
  ladder: readonly number[],
  now: Date,
): BlockEntry | undefined {
  const at = now.toISOString();
  if (change.op === 'unblock') {
    if (!existing || existing.unblockedAt) return existing;
    return { ...existing, unblockedAt: at, updatedAt: at, omittedAt: undefined, omitReason: undefined };
  }
  const active = existing !== undefined && isActive(existing, now);
  const strikes = active ? existing.strikes : (existing?.strikes ?? 0) + 1;
  const hours = change.ttlHours ?? blockDurationHours(strikes, ladder);
  const expiresAt = addHours(now, hours).toISOString();
  return {
    cidr: change.cidr,
    version: change.version,
    incidentIds: [...new Set([...(active ? existing.incidentIds : []), change.incidentId])].sort(),
    reason: change.reason,
    severity: Math.max(change.severity, active ? existing.severity : 0),
    createdAt: active ? existing.createdAt : at,
    updatedAt: at,
    expiresAt:
      active && Date.parse(existing.expiresAt) > Date.parse(expiresAt) ? existing.expiresAt : expiresAt,
    strikes,
  };
}

/** Which entries fit when capacity runs out: highest severity first, then the most recent. */
export function byPriority(a: BlockEntry, b: BlockEntry): number {
  return b.severity - a.severity || b.updatedAt.localeCompare(a.updatedAt) || a.cidr.localeCompare(b.cidr);
}

/**
 * Spread the desired addresses of one family over its IP sets with the fewest changes: an address stays in
 * the set it is in, new addresses fill the sets in order. Returns the new content of every set and what
 * did not fit. `desired` must be in priority order so what is left out is the least important.
 */
export function planShards(
  current: readonly (readonly string[])[],
  desired: readonly string[],
  capacity: number,
): { shards: string[][]; overflow: string[] } {
  const room = capacity * current.length;
  const keep = new Set(desired.slice(0, room));
  const overflow = desired.slice(room);
  // An address in two sets (a console edit, a concurrent writer) stays in the first only: a duplicate would
  // waste room, and once the sets were full a new kept address was neither written nor reported.
  const placed = new Set<string>();
  const shards = current.map((addresses) =>
    addresses.filter((a) => keep.has(a) && !placed.has(a) && placed.add(a) !== undefined),
  );
  let open = 0;
  for (const address of keep) {
    if (placed.has(address)) continue;
    while ((shards[open]?.length ?? 0) >= capacity) open++;
    shards[open]?.push(address);
    placed.add(address);
  }
  return { shards, overflow };
}
