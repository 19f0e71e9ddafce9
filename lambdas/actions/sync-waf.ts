import { type IpSetRef, MAX_ADDRESSES_PER_IP_SET } from '../adapters/waf/port.ts';
import {
  applyChange,
  type BlockEntry,
  type BlocklistChange,
  byPriority,
  isActive,
  planShards,
} from '../core/blocklist.ts';
import type { IpVersion } from '../core/cidr.ts';
import { blockLimits, planBlocks } from '../core/guardrails.ts';
import type { TimelineEntry } from '../core/incident.ts';
import type { Deps } from '../platform/deps.ts';
import { KILL_SWITCH } from './kill-switch.ts';

export interface IpSetWrite {
  version: IpVersion;
  shard: number;
  addresses: number;
  lockConflicts: number;
}

export interface SyncReport {
  changes: number;
  writes: IpSetWrite[];
  /** Active entries that did not fit in any IP set of their family, lowest priority first out. */
  omitted: string[];
  /** Entries the write-time guardrails kept out of WAF, with why. */
  refused: { cidr: string; reason: string }[];
  liveAt: string;
}

const MAX_ATTEMPTS = 8;
const RETRYABLE = new Set(['WAFOptimisticLockException', 'WAFInternalErrorException', 'ThrottlingException']);

/**
 * The single WAF writer. Applies queued block/unblock changes to the blocklist table, then makes every
 * IP set hold its share of the active entries: one write per changed set, none for an unchanged one,
 * within the configured write budget. With no changes it is the sweep: expired entries leave WAF.
 */
export async function syncWaf(requested: readonly BlocklistChange[], deps: Deps): Promise<SyncReport> {
  const now = deps.clock();
  let changes = requested;
  const report: SyncReport = { changes: changes.length, writes: [], omitted: [], refused: [], liveAt: '' };
  // The kill switch stops every new block here, at the one place they all pass; unblocking always proceeds.
  const killSwitch = changes.some((c) => c.op === 'block')
    ? await deps.incidents.control(KILL_SWITCH)
    : undefined;
  if (killSwitch?.on) {
    const reason = `blocking paused by the kill switch (${killSwitch.by} at ${killSwitch.at}: ${killSwitch.reason})`;
    report.refused.push(...changes.filter((c) => c.op === 'block').map((c) => ({ cidr: c.cidr, reason })));
    changes = changes.filter((c) => c.op !== 'block');
  }
  const changed = await applyChanges(changes, deps);
  let everything: BlockEntry[] | undefined;
  const allEntries = async () => (everything ??= await deps.blocklist.all());
  for (const version of [4, 6] as const) {
    const refs = deps.ipSets[version];
    const current = await Promise.all(refs.map((ref) => readIpSet(deps, ref)));
    const room = refs.length * MAX_ADDRESSES_PER_IP_SET;
    // A batch of changes is applied to what WAF holds; the sweep (no changes) and an overflow rebuild
    // the whole desired state from the table, in priority order.
    let desired =
      changes.length > 0
        ? incremental(
            current.map((c) => c.addresses),
            changed,
            version,
            now,
          )
        : undefined;
    if (!desired || desired.length > room) {
      desired = (await allEntries())
        .filter((e) => e.version === version && isActive(e, now))
        .sort(byPriority)
        .map((e) => e.cidr);
    }
    // Guardrails again at write time: the table is trusted, but an allow-listed address must never reach WAF.
    const plan = planBlocks(desired, blockLimits(deps.config));
    report.refused.push(...plan.refused.map((r) => ({ cidr: r.input, reason: r.reason })));
    const { shards, overflow } = planShards(
      current.map((c) => c.addresses),
      plan.accepted.map((c) => c.cidr),
      MAX_ADDRESSES_PER_IP_SET,
    );
    report.omitted.push(...overflow);
    for (const [shard, addresses] of shards.entries()) {
      if (sameSet(current[shard]?.addresses ?? [], addresses)) continue;
      const lockConflicts = await writeIpSet(deps, refs[shard] as IpSetRef, addresses);
      report.writes.push({ version, shard, addresses: addresses.length, lockConflicts });
    }
  }
  report.liveAt = deps.clock().toISOString();
  await recordOutcome(requested, report, changed, deps);
  return report;
}

/** What WAF holds, plus what became active, minus what stopped being active; new ones in priority order. */
function incremental(current: string[][], changed: BlockEntry[], version: IpVersion, now: Date): string[] {
  const own = changed.filter((e) => e.version === version);
  const inactive = new Set(own.filter((e) => !isActive(e, now)).map((e) => e.cidr));
  const desired = new Set(current.flat().filter((a) => !inactive.has(a)));
  for (const e of own.filter((x) => isActive(x, now)).sort(byPriority)) desired.add(e.cidr);
  return [...desired];
}

/** Merge the changes into the table: one read and one batch write per change set, no per-item round trips. */
async function applyChanges(changes: readonly BlocklistChange[], deps: Deps): Promise<BlockEntry[]> {
  if (changes.length === 0) return [];
  const now = deps.clock();
  const ladder = [deps.config.waf.blockTtlHours, ...deps.config.waf.repeatBlockHours];
  const byCidr = new Map(
    (await deps.blocklist.get([...new Set(changes.map((c) => c.cidr))])).map((e) => [e.cidr, e]),
  );
  const changed = new Map<string, BlockEntry>();
  for (const change of changes) {
    const next = applyChange(byCidr.get(change.cidr), change, ladder, now);
    if (!next) continue;
    byCidr.set(change.cidr, next);
    changed.set(change.cidr, next);
  }
  await deps.blocklist.putAll([...changed.values()]);
  return [...changed.values()];
}

/** Tell each incident what became of its changes; page once when capacity ran out. */
async function recordOutcome(
  changes: readonly BlocklistChange[],
  report: SyncReport,
  entries: BlockEntry[],
  deps: Deps,
) {
  const omitted = new Set(report.omitted);
  const refused = new Map(report.refused.map((r) => [r.cidr, r.reason]));
  const byIncident = new Map<string, BlocklistChange[]>();
  for (const c of changes) byIncident.set(c.incidentId, [...(byIncident.get(c.incidentId) ?? []), c]);
  const lines: { incidentId: string; entryId: string; entry: TimelineEntry }[] = [];
  const expiry = new Map(entries.map((e) => [e.cidr, e.expiresAt]));
  // A timeline item holds at most 400 KB: an incident's thousands of changes are told in parts.
  const pieces = [...byIncident].flatMap(([id, all]) => chunks(all).map((own) => [id, own] as const));
  for (const [incidentId, own] of pieces) {
    const blocks = own.filter((c) => c.op === 'block').map((c) => c.cidr);
    const unblocks = own.filter((c) => c.op === 'unblock').map((c) => c.cidr);
    const live = blocks.filter((c) => !omitted.has(c) && !refused.has(c));
    const out = blocks.filter((c) => omitted.has(c) || refused.has(c));
    const parts = [
      live.length > 0 ? `live in WAF: ${live.map((c) => `${c} until ${expiry.get(c)}`).join(', ')}` : '',
      unblocks.length > 0 ? `removed from WAF: ${unblocks.join(', ')}` : '',
      out.length > 0
        ? `NOT in WAF: ${out.map((c) => `${c} (${refused.get(c) ?? 'every IP set is full'})`).join(', ')}`
        : '',
    ].filter(Boolean);
    lines.push({
      incidentId,
      entryId: `waf-sync:${own[0]?.requestedAt}:${own
        .map((c) => c.cidr)
        .join(',')
        .slice(0, 200)}`,
      entry: {
        at: report.liveAt,
        actor: 'riposte/sync-waf',
        action: 'waf-sync',
        outcome: out.length > 0 ? 'failed' : 'ok',
        detail: parts.join('; '),
        data: {
          live,
          unblocked: unblocks,
          notInWaf: out,
          until: Object.fromEntries(live.map((c) => [c, expiry.get(c)])),
        },
      },
    });
  }
  lines.push(...(await recordOmissions(changes, report, deps)));
  await deps.incidents.appendMany(lines);
  if (report.omitted.length > 0) await pageCapacity(report, deps);
}

const LINE_CHANGES = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += LINE_CHANGES) out.push(items.slice(i, i + LINE_CHANGES));
  return out;
}

/**
 * An entry left out for room (often pushed out by higher-priority ones) belongs to incidents that were told
 * it was live: tell them, once, and mark the entry so the next sweeps do not repeat it.
 */
async function recordOmissions(changes: readonly BlocklistChange[], report: SyncReport, deps: Deps) {
  if (report.omitted.length === 0) return [];
  const fresh = (await deps.blocklist.get(report.omitted)).filter((e) => !e.omittedAt);
  const omitReason = 'every IP set is full';
  await deps.blocklist.putAll(fresh.map((e) => ({ ...e, omittedAt: report.liveAt, omitReason })));
  // Who asked for the address in this batch hears about it in its own line already.
  const told = new Set(changes.filter((c) => c.op === 'block').map((c) => `${c.incidentId} ${c.cidr}`));
  const byIncident = new Map<string, string[]>();
  for (const e of fresh) {
    for (const id of e.incidentIds.filter((i) => !told.has(`${i} ${e.cidr}`))) {
      byIncident
        .set(id, byIncident.get(id) ?? [])
        .get(id)
        ?.push(e.cidr);
    }
  }
  return [...byIncident].flatMap(([incidentId, cidrs]) =>
    chunks(cidrs).map((out) => ({
      incidentId,
      entryId: `waf-omitted:${report.liveAt}:${out.join(',').slice(0, 200)}`,
      entry: {
        at: report.liveAt,
        actor: 'riposte/sync-waf',
        action: 'waf-sync',
        outcome: 'failed' as const,
        detail: `NOT in WAF: ${out.map((c) => `${c} (${omitReason}; left out for higher-priority blocks)`).join(', ')}`,
        data: { live: [], unblocked: [], notInWaf: out },
      },
    })),
  );
}

async function pageCapacity(report: SyncReport, deps: Deps) {
  const shown = report.omitted.slice(0, 50);
  await deps.pager.publish({
    key: `waf-capacity:${report.liveAt}`,
    subject: `[riposte] WAF blocklist FULL: ${report.omitted.length} address(es) not blocked`,
    message: [
      `Every IP set is full (${MAX_ADDRESSES_PER_IP_SET} addresses each): ${report.omitted.length} active block(s) could not be written.`,
      'Kept: the highest-severity and most recent entries. Left out (lowest priority first):',
      ...shown.map((c) => `  ${c}`),
      ...(report.omitted.length > shown.length
        ? [`  … and ${report.omitted.length - shown.length} more`]
        : []),
      '',
      'Next: raise waf.ipSetsV4 / waf.ipSetsV6 and deploy, or block broader prefixes for the densest ranges.',
    ].join('\n'),
  });
}

/** Read one IP set: one transient WAF hiccup must not fail the batch. */
function readIpSet(deps: Deps, ref: IpSetRef) {
  return retryingWaf(deps, () => deps.waf.get(ref));
}

/** Write one IP set within the write budget; returns how many lock conflicts it met. */
async function writeIpSet(deps: Deps, ref: IpSetRef, addresses: string[]): Promise<number> {
  let lockConflicts = 0;
  await retryingWaf(
    deps,
    async () => {
      await deps.wafBudget.take();
      const { lockToken } = await deps.waf.get(ref);
      await deps.waf.update(ref, addresses, lockToken);
    },
    (name) => {
      if (name === 'WAFOptimisticLockException') lockConflicts++;
    },
  );
  return lockConflicts;
}

/** Retry WAF's lock conflicts, throttling and internal errors with full jitter, up to MAX_ATTEMPTS. */
async function retryingWaf<T>(
  deps: Deps,
  call: () => Promise<T>,
  onRetry?: (name: string) => void,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const name = (error as Error).name;
      if (!RETRYABLE.has(name) || attempt >= MAX_ATTEMPTS) throw error;
      onRetry?.(name);
      // Full jitter: a concurrent editor (e.g. the console) and riposte do not collide again in lockstep.
      await deps.sleep(Math.random() * 100 * 2 ** attempt);
    }
  }
}

function sameSet(current: readonly string[], desired: readonly string[]): boolean {
  if (current.length !== desired.length) return false;
  const have = new Set(current);
  return desired.every((a) => have.has(a));
}
