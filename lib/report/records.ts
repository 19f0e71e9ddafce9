import { type CaseReadDeps, readIncident } from '../../lambdas/case/index.ts';
import type { RiposteConfig } from '../../lambdas/core/config.ts';
import type { CustodyEntry } from '../../lambdas/core/custody.ts';
import { gunzipJsonLines, type Manifest } from '../../lambdas/core/evidence.ts';
import type { EvidenceReport } from '../../lambdas/core/evidence-verify.ts';
import type { Incident, TimelineEntry } from '../../lambdas/core/incident.ts';
import type { Deps } from '../../lambdas/platform/deps.ts';
import type { AwsClients } from '../cli/aws-stack.ts';
import { openCaseSession } from '../cli/case-session.ts';
import { checkEvidence, type EvidenceAccess } from '../cli/evidence.ts';
import type { Target } from '../cli/target.ts';

/** One sealed log record as the evidence holds it: where it came from, its time, the record as written. */
export interface EvidenceLogRecord {
  source: string;
  timestamp: string;
  record: unknown;
}

/** Everything riposte knows of one incident, read from where it is kept (local state or the deployed stack). */
export interface IncidentRecords {
  where: 'local' | 'aws';
  incident: Incident;
  timeline: TimelineEntry[];
  /** Every sealed generation's manifest (one per alert that opened or joined the incident), in order. */
  manifests: Manifest[];
  /** The evidence re-checked at reading time (hashes, signature, ledger); null when nothing was sealed. */
  evidenceCheck: EvidenceReport | null;
  custody: CustodyEntry[];
  /** The sealed sign-in log records, in time order. */
  logs: EvidenceLogRecord[];
}

export interface ReadOptions {
  target: Target;
  stateDir: string;
  config: RiposteConfig;
  progress: (line: string) => void;
  /** Tests hand in clients with a local HTTP layer. */
  clients?: Partial<AwsClients>;
}

/** The incidents and the evidence of one target, opened once for reading several incidents. */
export interface IncidentReader {
  where: 'local' | 'aws';
  deps: CaseReadDeps & Pick<Deps, 'evidence' | 'custody' | 'signer'>;
  evidence: EvidenceAccess;
  close(): Promise<void>;
}

/** The same readers as `riposte incident(s)` (local or --aws): the case session, read-only. */
export async function openIncidents(options: ReadOptions): Promise<IncidentReader> {
  const session = await openCaseSession({ ...options, mode: 'reads' });
  const { deps } = session;
  return {
    where: options.target.kind,
    deps,
    evidence: {
      store: deps.evidence,
      ledger: deps.custody,
      trustedPublicKeyPem: () => deps.signer.publicKeyPem(),
      close: async () => undefined,
    },
    close: () => session.close(),
  };
}

/** One incident with its evidence; IncidentNotFound (a CaseError) when there is none. */
export async function readIncidentRecords(reader: IncidentReader, id: string): Promise<IncidentRecords> {
  const view = await readIncident(reader.deps, id);
  const incident = view.incident;
  // The store keeps lines by entry id; the report reads them in time order (stable for equal times).
  const timeline = [...view.timeline].sort((a, b) => a.at.localeCompare(b.at));
  const { store, ledger } = reader.evidence;
  const prefix = `incidents/${id}/`;
  const keys = await store.list(prefix);
  const manifests: Manifest[] = [];
  for (const key of keys.filter((k) => k.endsWith('/manifest.json'))) {
    manifests.push(JSON.parse(new TextDecoder().decode(await store.get(key))) as Manifest);
  }
  manifests.sort((a, b) => (a.generation ?? 1) - (b.generation ?? 1));
  // Generations' windows can overlap: a record sealed twice is shown once.
  const seen = new Set<string>();
  const logs: EvidenceLogRecord[] = [];
  for (const object of manifests.flatMap((m) => m.objects)) {
    if (!object.source.startsWith('logs')) continue;
    for (const line of gunzipJsonLines(await store.get(object.key)) as EvidenceLogRecord[]) {
      const key = JSON.stringify([line.timestamp, line.record]);
      if (seen.has(key)) continue;
      seen.add(key);
      logs.push(line);
    }
  }
  logs.sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  return {
    where: reader.where,
    incident,
    timeline,
    manifests,
    evidenceCheck: manifests.length > 0 ? await checkEvidence(reader.evidence, id) : null,
    custody: await ledger.entries(id),
    logs,
  };
}
