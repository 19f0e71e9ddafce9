import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CustodyLedger } from '../../lambdas/adapters/dynamo/custody.ts';
import type { EvidenceStore } from '../../lambdas/adapters/evidence/port.ts';
import { S3EvidenceStore } from '../../lambdas/adapters/evidence/s3.ts';
import { NamedError } from '../../lambdas/adapters/named-error.ts';
import { KmsManifestSigner } from '../../lambdas/adapters/signer/kms.ts';
import type { RiposteConfig } from '../../lambdas/core/config.ts';
import type { CustodyAction, CustodyEntry } from '../../lambdas/core/custody.ts';
import { evidenceKey } from '../../lambdas/core/evidence.ts';
import { type EvidenceReport, verifyEvidence } from '../../lambdas/core/evidence-verify.ts';
import { LocalRuntime } from '../local/runtime.ts';
import { stackOutputs } from './aws-stack.ts';

/** The AWS clients `riposte evidence … --aws` uses (tests hand in clients with a recording HTTP layer). */
export interface EvidenceAwsClients {
  cfn: CloudFormationClient;
  dynamo: DynamoDBClient;
  s3: S3Client;
  kms: KMSClient;
}

export interface EvidenceOptions {
  aws?: boolean;
  clients?: EvidenceAwsClients;
  stateDir: string;
  config: RiposteConfig;
  progress: (line: string) => void;
  /** Who handles the evidence and why: both go on the chain of custody. */
  by?: string;
  reason?: string;
  /** A PEM public key pinned outside the state folder: the seals are checked against it. */
  publicKeyFile?: string;
  /** Evidence already open (a running local runtime): used as is and left open. */
  access?: EvidenceAccess;
}

/** The incident's evidence where it is kept: the store, the ledger and riposte's own public key. */
export interface EvidenceAccess {
  store: EvidenceStore;
  ledger: CustodyLedger;
  trustedPublicKeyPem(): Promise<string>;
  close(): Promise<void>;
}

/** A public key file given with --public-key, checked to be one. */
function pinnedPublicKey(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new NamedError('PublicKeyUnreadable', `--public-key ${file}: ${(error as Error).message}`);
  }
  try {
    return String(createPublicKey(text).export({ type: 'spki', format: 'pem' }));
  } catch {
    throw new NamedError(
      'PublicKeyInvalid',
      `--public-key ${file} is not a PEM public key (-----BEGIN PUBLIC KEY-----)`,
    );
  }
}

export async function openEvidence(options: EvidenceOptions): Promise<EvidenceAccess> {
  if (options.access) return { ...options.access, close: async () => undefined };
  if (!options.aws) {
    options.progress(`opening the local state in ${options.stateDir}…`);
    const runtime = await LocalRuntime.start({
      stateDir: options.stateDir,
      config: options.config,
      readOnly: true,
    });
    return {
      store: runtime.deps.evidence,
      ledger: runtime.deps.custody,
      // Verifying never makes a key: one made now would fail every seal made before.
      trustedPublicKeyPem: async () =>
        options.publicKeyFile
          ? pinnedPublicKey(options.publicKeyFile)
          : runtime.adapters.signer.existingPublicKeyPem(),
      close: () => runtime.close(),
    };
  }
  const clients = options.clients ?? {
    cfn: new CloudFormationClient({}),
    dynamo: new DynamoDBClient({}),
    s3: new S3Client({}),
    kms: new KMSClient({}),
  };
  options.progress('reading the deployed stack…');
  const outputs = await stackOutputs(clients.cfn);
  const need = (name: string) => {
    const value = outputs[name];
    if (!value)
      throw new Error(`the deployed stack has no ${name} output: deploy this version of riposte first`);
    return value;
  };
  const signer = new KmsManifestSigner(clients.kms, need('EvidenceSigningKeyArn'));
  return {
    store: new S3EvidenceStore({
      client: clients.s3,
      bucket: need('EvidenceBucketName'),
      retentionDays: options.config.evidence.retentionDays,
      lockMode: options.config.evidence.lockMode,
      now: () => new Date(),
    }),
    ledger: new CustodyLedger(
      DynamoDBDocumentClient.from(clients.dynamo, { marshallOptions: { removeUndefinedValues: true } }),
      need('IncidentsTableName'),
    ),
    trustedPublicKeyPem: () => signer.publicKeyPem(),
    close: async () => undefined,
  };
}

/** `incidents/<id>/`, with the id checked like every evidence key. */
export function incidentPrefix(incidentId: string): string {
  return evidenceKey(incidentId, 'x').slice(0, -1);
}

async function readOrUndefined(store: EvidenceStore, key: string): Promise<Uint8Array | undefined> {
  try {
    return await store.get(key);
  } catch (error) {
    if ((error as Error).name === 'NoSuchKey') return undefined;
    throw error;
  }
}

/** Re-read the incident's evidence and ledger and check every object, the signature and the chain. */
export async function checkEvidence(access: EvidenceAccess, incidentId: string): Promise<EvidenceReport> {
  return verifyEvidence({
    incidentId,
    keys: await access.store.list(incidentPrefix(incidentId)),
    read: (key) => readOrUndefined(access.store, key),
    trustedPublicKeyPem: await access.trustedPublicKeyPem(),
    ledger: await access.ledger.entries(incidentId),
    head: await access.ledger.head(incidentId),
  });
}

/** Record an access on the chain of custody (after the check, so the check covers the chain as found). */
export function recordAccess(
  access: EvidenceAccess,
  incidentId: string,
  action: CustodyAction,
  what: string,
  options: EvidenceOptions,
  data: Record<string, unknown>,
): Promise<CustodyEntry> {
  return access.ledger.append(incidentId, {
    at: new Date().toISOString(),
    actor: `${options.by ?? userInfo().username} via riposte evidence${options.aws ? ' --aws' : ''}`,
    action,
    what,
    why: options.reason ?? action,
    data,
  });
}

/** `riposte evidence verify`: the report, with the verification itself recorded on the ledger. */
export async function verifyIncidentEvidence(
  incidentId: string,
  options: EvidenceOptions,
): Promise<EvidenceReport> {
  const access = await openEvidence(options);
  try {
    options.progress(`verifying the evidence of ${incidentId}…`);
    const report = await checkEvidence(access, incidentId);
    const exists = report.manifestSha256 !== undefined || report.ledgerEntries > 0;
    if (exists) {
      await recordAccess(access, incidentId, 'verify', incidentPrefix(incidentId), options, {
        ok: report.ok,
        findings: report.findings.map((f) => f.kind),
        manifestSha256: report.manifestSha256,
      });
    }
    return report;
  } finally {
    await access.close();
  }
}

export function renderEvidenceReport(report: EvidenceReport): string {
  const lines = [
    `evidence of ${report.incidentId}: ${report.ok ? 'INTACT' : `${report.findings.length} FINDING(S)`}`,
    `  manifest   ${report.manifestSha256 ?? 'missing'}`,
    `  signature  ${report.signatureOk ? 'valid (riposte signing key)' : 'NOT VALID'}`,
    `  ledger     ${report.ledgerEntries} entr${report.ledgerEntries === 1 ? 'y' : 'ies'}`,
    ...(report.generations.length > 1
      ? report.generations.map(
          (g) =>
            `  generation ${g.generation}${g.alertId ? ` (alert ${g.alertId})` : ''}: manifest ${g.manifestSha256?.slice(0, 16) ?? 'missing'}…, signature ${g.signatureOk ? 'valid' : 'NOT VALID'}, ${g.objects.length} object(s)${g.previous ? `, linked to generation ${g.previous.generation}` : ''}`,
        )
      : []),
    ...report.objects.map((o) => `  ${o.status.padEnd(9)}  ${o.key}`),
    ...report.findings.map((f) => `  FINDING ${f.kind}: ${f.detail}`),
  ];
  return lines.join('\n');
}

export interface HoldResult {
  incidentId: string;
  on: boolean;
  objects: string[];
  /** The chain-of-custody entry recording the hold. */
  entry: CustodyEntry;
}

/** `riposte evidence hold`: put (or lift) a legal hold on every object of the incident, on the ledger. */
export async function holdIncidentEvidence(
  incidentId: string,
  on: boolean,
  options: EvidenceOptions,
): Promise<HoldResult> {
  const access = await openEvidence(options);
  try {
    const objects = await access.store.list(incidentPrefix(incidentId));
    if (objects.length === 0) throw new Error(`${incidentId} has no evidence to hold`);
    options.progress(`${on ? 'placing' : 'lifting'} a legal hold on ${objects.length} object(s)…`);
    for (const key of objects) await access.store.setLegalHold(key, on);
    const entry = await recordAccess(access, incidentId, 'legal-hold', incidentPrefix(incidentId), options, {
      on,
      objects,
    });
    return { incidentId, on, objects, entry };
  } finally {
    await access.close();
  }
}
