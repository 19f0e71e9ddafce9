import type { Alert } from '../core/alerts.ts';
import { parseCidr } from '../core/cidr.ts';
import {
  attackWindow,
  buildManifest,
  type EvidenceObject,
  evidenceKey,
  gzipJsonLines,
  manifestBytes,
  sha256Hex,
  type TimeWindow,
} from '../core/evidence.ts';
import type { BranchResult } from '../core/incident.ts';
import type { Deps } from '../platform/deps.ts';

const JSONL_GZ = 'application/x-ndjson+gzip';

/**
 * Preserve before anyone changes more: the attack window's log records and the state the incident
 * touches (accounts, blocklist entries), each as gzip JSON lines with its SHA-256, plus a manifest.
 */
export async function sealEvidence(
  { incidentId, alert }: { incidentId: string; alert: Alert },
  deps: Deps,
): Promise<BranchResult> {
  const now = deps.clock();
  const window = attackWindow(new Date(alert.observedAt), deps.config.evidence.windowMinutesBefore, now);
  const users = [...new Set([...alert.targetedUsers, ...alert.compromisedUsers])];
  const logs = await deps.logs.read(window, { ips: alert.sourceIps, users });
  const state = await captureState(users, alert.sourceIps, deps);

  const objects = [
    await store(deps, incidentId, 'logs.jsonl.gz', logs, 'attack-window logs', window),
    await store(deps, incidentId, 'state.jsonl.gz', state, 'identity and blocklist state', window),
  ];
  const manifest = buildManifest({
    incidentId,
    sealedAt: now,
    sealedBy: 'riposte/seal-evidence',
    window,
    objects,
  });
  const bytes = manifestBytes(manifest);
  const manifestSha256 = sha256Hex(bytes);
  await deps.evidence.put(evidenceKey(incidentId, 'manifest.json'), bytes, 'application/json');
  await deps.incidents.append(incidentId, 'seal-evidence', {
    at: now.toISOString(),
    actor: 'riposte/seal-evidence',
    action: 'seal-evidence',
    outcome: 'ok',
    detail: `sealed ${objects.length} object(s), ${logs.length} log record(s); manifest sha256 ${manifestSha256}`,
    data: { manifestSha256, objects },
  });
  return {
    step: 'seal-evidence',
    ok: true,
    summary: `${objects.length} object(s) sealed (${logs.length} log records), manifest sha256 ${manifestSha256.slice(0, 16)}…`,
    failures: [],
    objects: objects.length,
    manifestSha256,
  };
}

async function store(
  deps: Deps,
  incidentId: string,
  name: string,
  records: unknown[],
  source: string,
  window: TimeWindow,
): Promise<EvidenceObject> {
  const body = gzipJsonLines(records);
  const stored = await deps.evidence.put(evidenceKey(incidentId, name), body, JSONL_GZ);
  return {
    key: stored.key,
    sha256: stored.sha256,
    size: stored.size,
    records: records.length,
    source,
    contentType: JSONL_GZ,
    window: { start: window.start.toISOString(), end: window.end.toISOString() },
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
