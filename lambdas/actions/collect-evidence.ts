import type { Alert } from '../core/alerts.ts';
import { parseCidr } from '../core/cidr.ts';
import {
  attackWindow,
  type EvidenceObject,
  evidenceKey,
  gzipJsonLines,
  type TimeWindow,
} from '../core/evidence.ts';
import { type Collection, evidencePolicy } from '../core/evidence-collection.ts';
import type { Deps } from '../platform/deps.ts';

export const JSONL_GZ = 'application/x-ndjson+gzip';
const ACTOR = 'riposte/collect-evidence';

/**
 * One turn of the playbook's collect loop: read up to the configured number of log pages from where
 * the last turn stopped, store them as the next part, and once the logs are read whole, snapshot the
 * identity, blocklist and WAF state. Every turn is a chain-of-custody entry; `done` ends the loop.
 */
export async function collectEvidence(
  { incidentId, alert, collect }: { incidentId: string; alert: Alert; collect: Collection },
  deps: Deps,
): Promise<Collection> {
  const { pageSize, pagesPerInvocation } = deps.config.evidence;
  const policy = evidencePolicy(deps.config.evidence, alert.playbook);
  const window: TimeWindow = collect.window
    ? { start: new Date(collect.window.start), end: new Date(collect.window.end) }
    : attackWindow(new Date(alert.observedAt), policy.windowMinutesBefore, deps.clock());
  const users = [...new Set([...alert.targetedUsers, ...alert.compromisedUsers])];
  const indicators = { ips: alert.sourceIps, users };

  const records: unknown[] = [];
  const sources = new Set<string>();
  let cursor = collect.cursor;
  for (let page = 0; page < pagesPerInvocation; page++) {
    const read = await deps.logs.readPage(window, indicators, cursor, pageSize);
    for (const r of read.records) sources.add(r.source);
    records.push(...read.records);
    cursor = read.cursor;
    if (cursor === undefined) break;
  }
  const done = cursor === undefined;
  const part = collect.invocations + 1;
  const store = storer(deps, incidentId, window, policy.legalHold);
  const written: EvidenceObject[] = [];
  const anyLogs = collect.objects.some((o) => o.key.includes('/logs-'));
  // An empty window is evidence too ("nothing was logged"), so the first part is kept even when empty.
  if (records.length > 0 || (done && !anyLogs)) {
    const source = `logs: ${[...sources].sort().join(', ') || 'no records in the window'}`;
    written.push(await store(`logs-${String(part).padStart(4, '0')}.jsonl.gz`, records, source));
  }
  if (done) {
    written.push(
      await store(
        'state.jsonl.gz',
        await captureState(users, alert.sourceIps, deps),
        'identity and blocklist state',
      ),
      await store('waf-ip-sets.jsonl.gz', await captureIpSets(deps), 'WAF IP sets'),
    );
  }
  const total = collect.records + records.length;
  await deps.custody.append(incidentId, {
    at: deps.clock().toISOString(),
    actor: ACTOR,
    action: 'collect',
    what: written.map((o) => o.key).join(', ') || 'nothing new',
    why: `incident window ${window.start.toISOString()} to ${window.end.toISOString()} for alert ${alert.alertId}`,
    data: {
      objects: written.map(({ key, sha256, records }) => ({ key, sha256, records })),
      continues: !done,
    },
  });
  return {
    done,
    window: { start: window.start.toISOString(), end: window.end.toISOString() },
    objects: [...collect.objects, ...written],
    ...(cursor === undefined ? {} : { cursor }),
    invocations: part,
    records: total,
  };
}

function storer(deps: Deps, incidentId: string, window: TimeWindow, legalHold: boolean) {
  return async (name: string, records: unknown[], source: string): Promise<EvidenceObject> => {
    const stored = await deps.evidence.put(evidenceKey(incidentId, name), gzipJsonLines(records), JSONL_GZ, {
      legalHold,
    });
    return {
      key: stored.key,
      sha256: stored.sha256,
      size: stored.size,
      records: records.length,
      source,
      contentType: JSONL_GZ,
      window: { start: window.start.toISOString(), end: window.end.toISOString() },
    };
  };
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
