import { gunzipSync } from 'node:zlib';
import type { Alert } from '../core/alerts.ts';
import { parseCidr } from '../core/cidr.ts';
import {
  attackWindow,
  type EvidenceObject,
  generationKey,
  gzipJsonLines,
  sha256Hex,
  type TimeWindow,
} from '../core/evidence.ts';
import { type Collection, evidencePolicy, generationOf } from '../core/evidence-collection.ts';
import type { Deps } from '../platform/deps.ts';

export const JSONL_GZ = 'application/x-ndjson+gzip';
const ACTOR = 'riposte/collect-evidence';

/** Where the collection continues: in the log groups, or in the n-th S3 prefix. */
type Phase = { phase: 'logs'; at?: string } | { phase: 's3'; source: number; at?: string };

/**
 * One turn of the playbook's collect loop: read up to the configured number of log pages from where
 * the last turn stopped and store them as the next part, or copy one listing page of an S3 log prefix;
 * when everything is read, snapshot the identity, blocklist and WAF state. Every turn is a
 * chain-of-custody entry; `done` ends the loop.
 */
export async function collectEvidence(
  { incidentId, alert, collect }: { incidentId: string; alert: Alert; collect: Collection },
  deps: Deps,
): Promise<Collection> {
  const policy = evidencePolicy(deps.config.evidence, alert.playbook);
  const window: TimeWindow = collect.window
    ? { start: new Date(collect.window.start), end: new Date(collect.window.end) }
    : attackWindow(new Date(alert.observedAt), policy.windowMinutesBefore, deps.clock());
  const users = [...new Set([...alert.targetedUsers, ...alert.compromisedUsers])];
  const part = collect.invocations + 1;
  const generation =
    collect.generation ?? generationOf((await deps.incidents.get(incidentId))?.alertIds, alert.alertId);
  const store = storer(deps, incidentId, generation, window, policy.legalHold);
  const phase: Phase = collect.cursor ? (JSON.parse(collect.cursor) as Phase) : { phase: 'logs' };

  const turn =
    phase.phase === 'logs'
      ? await collectLogs(deps, store, part, window, { ips: alert.sourceIps, users }, phase.at, collect)
      : await copyArchive(deps, store, window, phase.source, phase.at);
  const next = nextPhase(phase, turn.at, deps.config.evidence.s3Prefixes.length);
  const written = [...turn.written];
  if (next === undefined) {
    written.push(
      await store(
        'state.jsonl.gz',
        await captureState(users, alert.sourceIps, deps),
        'identity and blocklist state',
      ),
      await store('waf-ip-sets.jsonl.gz', await captureIpSets(deps), 'WAF IP sets'),
    );
  }
  await deps.custody.append(incidentId, {
    at: deps.clock().toISOString(),
    actor: ACTOR,
    action: 'collect',
    what: written.map((o) => o.key).join(', ') || 'nothing new',
    why: `incident window ${window.start.toISOString()} to ${window.end.toISOString()} for alert ${alert.alertId}`,
    data: {
      generation,
      objects: written.map(({ key, sha256, records, source }) => ({ key, sha256, records, source })),
      continues: next !== undefined,
    },
  });
  return {
    done: next === undefined,
    generation,
    window: { start: window.start.toISOString(), end: window.end.toISOString() },
    objects: [...collect.objects, ...written],
    ...(next ? { cursor: JSON.stringify(next) } : {}),
    invocations: part,
    records: collect.records + turn.records,
  };
}

/** The same phase where it stopped; else logs, then each S3 prefix in turn; undefined when all is read. */
function nextPhase(phase: Phase, at: string | undefined, s3Sources: number): Phase | undefined {
  if (at !== undefined) return { ...phase, at };
  const source = phase.phase === 'logs' ? 0 : phase.source + 1;
  return source < s3Sources ? { phase: 's3', source } : undefined;
}

type Store = ReturnType<typeof storer>;
interface Turn {
  written: EvidenceObject[];
  records: number;
  /** Where this phase continues; undefined when it is done. */
  at?: string;
}

/** Up to `pagesPerInvocation` pages of the log groups, stored as the part numbered after this turn. */
async function collectLogs(
  deps: Deps,
  store: Store,
  part: number,
  window: TimeWindow,
  indicators: { ips: string[]; users: string[] },
  from: string | undefined,
  collect: Collection,
): Promise<Turn> {
  const { pageSize, pagesPerInvocation } = deps.config.evidence;
  const records: unknown[] = [];
  const sources = new Set<string>();
  let at = from;
  for (let page = 0; page < pagesPerInvocation; page++) {
    const read = await deps.logs.readPage(window, indicators, at, pageSize);
    for (const r of read.records) sources.add(r.source);
    records.push(...read.records);
    at = read.cursor;
    if (at === undefined) break;
  }
  const anyLogs = collect.objects.some((o) => o.key.includes('/logs-'));
  // An empty window is evidence too ("nothing was logged"), so the first part is kept even when empty.
  if (records.length === 0 && (at !== undefined || anyLogs)) return { written: [], records: 0, at };
  const source = `logs: ${[...sources].sort().join(', ') || 'no records in the window'}`;
  const name = `logs-${String(part).padStart(4, '0')}.jsonl.gz`;
  return { written: [await store(name, records, source)], records: records.length, at };
}

/**
 * One listing page of an S3 log prefix: each object delivered in the window is copied byte for byte (its
 * SHA-256 then also proves the original, which S3 keeps), named after its source and key.
 */
async function copyArchive(
  deps: Deps,
  store: Store,
  window: TimeWindow,
  index: number,
  from: string | undefined,
): Promise<Turn> {
  const source = deps.config.evidence.s3Prefixes[index];
  if (!source) return { written: [], records: 0 };
  const page = await deps.archive.listPage(source.bucket, source.prefix, window, from);
  const written: EvidenceObject[] = [];
  let records = 0;
  for (const o of page.objects) {
    const bytes = await deps.archive.get(source.bucket, o.key);
    const lines = countLines(bytes);
    records += lines;
    const name = `s3-${source.name}-${sha256Hex(new TextEncoder().encode(o.key)).slice(0, 12)}-${safeName(o.key)}`;
    const origin = `s3://${source.bucket}/${o.key} (last modified ${o.lastModified}${o.etag ? `, ETag ${o.etag}` : ''})`;
    written.push(await store.raw(name, bytes, lines, origin));
  }
  return { written, records, at: page.cursor };
}

/** The key's last segment, reduced to characters safe in any evidence key and file name. */
function safeName(key: string): string {
  return (
    (key.split('/').at(-1) ?? 'object')
      .replace(/[^A-Za-z0-9._-]/g, '_')
      .replace(/\.\.+/g, '_')
      .slice(-80) || 'object'
  );
}

/** Log lines in a copied object (gunzipped first when it is gzip), for the manifest's record count. */
function countLines(bytes: Uint8Array): number {
  try {
    const text =
      bytes[0] === 0x1f && bytes[1] === 0x8b
        ? gunzipSync(bytes).toString('utf8')
        : new TextDecoder().decode(bytes);
    return text.split('\n').filter((l) => l.trim() !== '').length;
  } catch {
    return 0;
  }
}

/** Writes evidence objects of this incident's generation under its lock: records as gzip JSON lines, or copies as they are. */
function storer(deps: Deps, incidentId: string, generation: number, window: TimeWindow, legalHold: boolean) {
  const put = async (
    name: string,
    body: Uint8Array,
    records: number,
    source: string,
    contentType: string,
  ) => {
    const key = generationKey(incidentId, generation, name);
    const stored = await deps.evidence.put(key, body, contentType, { legalHold });
    return {
      key: stored.key,
      sha256: stored.sha256,
      size: stored.size,
      records,
      source,
      contentType,
      window: { start: window.start.toISOString(), end: window.end.toISOString() },
    };
  };
  const store = (name: string, records: unknown[], source: string): Promise<EvidenceObject> =>
    put(name, gzipJsonLines(records), records.length, source, JSONL_GZ);
  store.raw = (name: string, bytes: Uint8Array, records: number, source: string): Promise<EvidenceObject> =>
    put(name, bytes, records, source, 'application/octet-stream');
  return store;
}

function normalized(ip: string): string[] {
  try {
    return [parseCidr(ip).cidr];
  } catch {
    return [];
  }
}

/** The accounts and blocklist entries as they were when the incident touched them. */
async function captureState(users: string[], ips: string[], deps: Deps): Promise<unknown[]> {
  const records: unknown[] = [];
  let providers: Deps['identityProviders'] = [];
  try {
    providers = deps.identityProviders;
  } catch (error) {
    // Evidence must not depend on containment being configured: note it and keep sealing.
    records.push({ kind: 'account', error: `identity providers unavailable: ${(error as Error).message}` });
  }
  for (const provider of providers) {
    for (const user of users) {
      try {
        records.push({ kind: 'account', ...(await provider.getState(user)) });
      } catch (error) {
        records.push({ kind: 'account', user, provider: provider.name, error: String(error) });
      }
    }
  }
  const cidrs = [...new Set(ips.flatMap((ip) => normalized(ip)))];
  for (const entry of await deps.blocklist.get(cidrs)) records.push({ kind: 'blocklist-entry', ...entry });
  return records;
}

/** Every riposte IP set as WAF holds it now; a set that cannot be read is recorded with its error. */
async function captureIpSets(deps: Deps): Promise<unknown[]> {
  const capturedAt = deps.clock().toISOString();
  const records: unknown[] = [];
  for (const ref of [...deps.ipSets[4], ...deps.ipSets[6]]) {
    try {
      const { addresses } = await deps.waf.get(ref);
      records.push({ kind: 'waf-ip-set', ...ref, capturedAt, addresses: [...addresses].sort() });
    } catch (error) {
      records.push({
        kind: 'waf-ip-set',
        ...ref,
        capturedAt,
        error: `${(error as Error).name}: ${(error as Error).message}`,
      });
    }
  }
  return records;
}
