import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { IncidentStore } from '../../lambdas/adapters/dynamo/incidents.ts';
import type { RiposteConfig } from '../../lambdas/core/config.ts';
import type { CustodyEntry } from '../../lambdas/core/custody.ts';
import { gunzipJsonLines, type Manifest } from '../../lambdas/core/evidence.ts';
import type { EvidenceReport } from '../../lambdas/core/evidence-verify.ts';
import type { Incident, TimelineEntry } from '../../lambdas/core/incident.ts';
import { type AwsClients, defaultAwsClients, stackOutputs } from '../cli/aws-stack.ts';
import {
  checkEvidence,
  type EvidenceAccess,
  type EvidenceAwsClients,
  openEvidence,
} from '../cli/evidence.ts';

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
  manifest: Manifest | null;
  /** The evidence re-checked at reading time (hashes, signature, ledger); null when nothing was sealed. */
  evidenceCheck: EvidenceReport | null;
  custody: CustodyEntry[];
  /** The sealed sign-in log records, in time order. */
  logs: EvidenceLogRecord[];
}

export interface ReadOptions {
  aws?: boolean;
  stateDir: string;
  config: RiposteConfig;
  progress: (line: string) => void;
  /** Tests hand in clients with a local HTTP layer. */
  clients?: AwsClients & Partial<EvidenceAwsClients>;
}

export class IncidentNotFoundError extends Error {
  override name = 'IncidentNotFound';
}

/** The incidents and the evidence, opened once for reading several incidents. */
export interface IncidentReader {
  where: 'local' | 'aws';
  incidents: Pick<IncidentStore, 'get' | 'timeline' | 'list'>;
  evidence: EvidenceAccess;
  close(): Promise<void>;
}

export async function openIncidents(options: ReadOptions): Promise<IncidentReader> {
  if (!options.aws) {
    const { LocalRuntime } = await import('../local/runtime.ts');
    options.progress(`opening the local state in ${options.stateDir}…`);
    const runtime = await LocalRuntime.start({ stateDir: options.stateDir, config: options.config });
    return {
      where: 'local',
      incidents: runtime.deps.incidents,
      evidence: {
        store: runtime.deps.evidence,
        ledger: runtime.deps.custody,
        trustedPublicKeyPem: () => runtime.deps.signer.publicKeyPem(),
        close: async () => undefined,
      },
      close: () => runtime.close(),
    };
  }
  const clients: AwsClients & Partial<EvidenceAwsClients> = options.clients ?? defaultAwsClients();
  options.progress('reading the deployed stack…');
  const outputs = await stackOutputs(clients.cfn);
  const table = outputs.IncidentsTableName;
  if (!table)
    throw new Error(
      'the deployed stack has no IncidentsTableName output: deploy this version of riposte first',
    );
  const evidence = await openEvidence({
    aws: true,
    stateDir: options.stateDir,
    config: options.config,
    progress: options.progress,
    ...(clients.s3 && clients.kms
      ? { clients: { cfn: clients.cfn, dynamo: clients.dynamo, s3: clients.s3, kms: clients.kms } }
      : {}),
  });
  const doc = DynamoDBDocumentClient.from(clients.dynamo, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return { where: 'aws', incidents: new IncidentStore(doc, table), evidence, close: () => evidence.close() };
}

/** One incident with its evidence; IncidentNotFound names the known ids when there is none. */
export async function readIncidentRecords(reader: IncidentReader, id: string): Promise<IncidentRecords> {
  const incident = await reader.incidents.get(id);
  if (!incident) {
    const known = (await reader.incidents.list()).map((i) => i.id).slice(-10);
    throw new IncidentNotFoundError(
      `no incident ${id} ${reader.where === 'aws' ? 'in the deployed stack' : 'in the local state'}; known: ${known.join(', ') || 'none yet'}`,
    );
  }
  // The store keeps lines by entry id; the report reads them in time order (stable for equal times).
  const timeline = (await reader.incidents.timeline(id)).sort((a, b) => a.at.localeCompare(b.at));
  const { store, ledger } = reader.evidence;
  const prefix = `incidents/${id}/`;
  const keys = await store.list(prefix);
  const manifestKey = `${prefix}manifest.json`;
  const manifest = keys.includes(manifestKey)
    ? (JSON.parse(new TextDecoder().decode(await store.get(manifestKey))) as Manifest)
    : null;
  const logs: EvidenceLogRecord[] = [];
  for (const object of manifest?.objects ?? []) {
    if (!object.source.startsWith('logs')) continue;
    for (const line of gunzipJsonLines(await store.get(object.key))) logs.push(line as EvidenceLogRecord);
  }
  logs.sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  return {
    where: reader.where,
    incident,
    timeline,
    manifest,
    evidenceCheck: manifest ? await checkEvidence(reader.evidence, id) : null,
    custody: await ledger.entries(id),
    logs,
  };
}
