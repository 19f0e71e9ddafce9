import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendLogRecords } from '../../lambdas/adapters/logs/local.ts';
import type { LogRecord } from '../../lambdas/adapters/logs/port.ts';
import type { CustodyEntry } from '../../lambdas/core/custody.ts';
import { gunzipJsonLines, gzipJsonLines } from '../../lambdas/core/evidence.ts';
import { checkEvidence, type EvidenceAccess } from '../../lib/cli/evidence.ts';
import { loadConfig } from '../../lib/local/config-source.ts';
import { LocalRuntime } from '../../lib/local/runtime.ts';
import { detection, NOW } from '../support/local.ts';

let runtime: LocalRuntime;
let access: EvidenceAccess;
let stateDir: string;

// Attack records inside the window, noise that must stay out, and one attack record before the window.
const attack: LogRecord[] = Array.from({ length: 7 }, (_, i) => ({
  source: 'cognito',
  timestamp: `2026-11-20T03:0${i}:00.000Z`,
  record: { event: 'SignIn_Failure', ip: '203.0.113.66', user: `victim${i}` },
}));
const wafLog = gzipJsonLines([
  { timestamp: 1763608200000, action: 'BLOCK', httpRequest: { clientIp: '203.0.113.66', uri: '/login' } },
  { timestamp: 1763608201000, action: 'ALLOW', httpRequest: { clientIp: '203.0.113.66', uri: '/login' } },
]);
const noise: LogRecord[] = [
  { source: 'cognito', timestamp: '2026-11-20T03:03:30.000Z', record: { ip: '192.0.2.44', user: 'someone' } },
  { source: 'cognito', timestamp: '2026-11-16T00:00:00.000Z', record: { ip: '203.0.113.66', user: 'old' } },
];

beforeAll(async () => {
  stateDir = mkdtempSync(path.join(tmpdir(), 'riposte-evidence-'));
  const config = loadConfig();
  runtime = await LocalRuntime.start({
    stateDir,
    // Two records a page, one page a turn: the collect loop needs several turns for one incident.
    config: {
      ...config,
      evidence: {
        ...config.evidence,
        pageSize: 2,
        pagesPerInvocation: 1,
        s3Prefixes: [{ name: 'waf', bucket: 'aws-waf-logs-prod', prefix: 'AWSWAFLogs/' }],
      },
      // Each test seals an incident of its own from the same attacker: no campaign correlation (ADR 0010).
      detection: { ...config.detection, correlationMinutes: 0 },
    },
    clock: () => NOW,
    inMemory: true,
  });
  for (const name of ['alice', 'bob']) await runtime.seedUser({ name, sessions: 1, enabled: true });
  await appendLogRecords(runtime.paths.logs, [...attack.slice(0, 3), ...noise, ...attack.slice(3)]);
  // WAF logs delivered to S3: one file in the window, one delivered long before it, one beside the prefix.
  const archive = (key: string, deliveredAt: string) => {
    const file = path.join(runtime.paths.logArchive, 'aws-waf-logs-prod', ...key.split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, wafLog);
    utimesSync(file, new Date(deliveredAt), new Date(deliveredAt));
  };
  archive('AWSWAFLogs/2026/11/20/03/10/waf-1.log.gz', '2026-11-20T03:15:00Z');
  archive('AWSWAFLogs/2026/11/01/00/00/waf-0.log.gz', '2026-11-01T00:05:00Z');
  archive('other/waf-2.log.gz', '2026-11-20T03:15:00Z');
  access = {
    store: runtime.deps.evidence,
    ledger: runtime.deps.custody,
    trustedPublicKeyPem: () => runtime.deps.signer.publicKeyPem(),
    close: async () => undefined,
  };
});
afterAll(async () => {
  await runtime.close();
  rmSync(stateDir, { recursive: true, force: true });
});

/** A sealed incident of its own, so each tamper test starts from intact evidence. */
async function sealedIncident(id: string): Promise<string> {
  const { started } = await runtime.deliver(
    detection(id, { sourceIps: ['203.0.113.66'], targetedUsers: [], compromisedUsers: [] }),
  );
  const incidentId = String(started[0]?.incidentId);
  expect((await checkEvidence(access, incidentId)).ok).toBe(true);
  return incidentId;
}

const file = (incidentId: string, name: string) =>
  path.join(runtime.paths.evidence, 'incidents', incidentId, name);

// The ledger as an attacker with write access to the table would see it.
const table = () => (runtime.deps.custody as unknown as { tableName: string }).tableName;
const doc = () => (runtime as unknown as { dynamo: { doc: DynamoDBDocumentClient } }).dynamo.doc;
const entryKey = (incidentId: string, seq: number) => ({
  pk: `INCIDENT#${incidentId}`,
  sk: `CUSTODY#E#${String(seq).padStart(8, '0')}`,
});

describe('evidence on the local runtime', () => {
  it('collects a window larger than one invocation reads, whole, through the playbook loop', async () => {
    const incidentId = await sealedIncident('ev-loop');
    const report = await checkEvidence(access, incidentId);
    const parts = report.objects.filter((o) => o.key.includes('/logs-'));
    // 7 matching records at 2 a turn: 4 turns, 4 parts, each a collect entry on the chain of custody.
    expect(parts.map((o) => path.basename(o.key))).toEqual([
      'logs-0001.jsonl.gz',
      'logs-0002.jsonl.gz',
      'logs-0003.jsonl.gz',
      'logs-0004.jsonl.gz',
    ]);
    const collected: LogRecord[] = [];
    for (const part of parts)
      collected.push(...(gunzipJsonLines(await runtime.deps.evidence.get(part.key)) as LogRecord[]));
    const stored = collected.filter((r) => r.source === 'cognito');
    expect(stored).toEqual(attack);
    const ledger = await runtime.deps.custody.entries(incidentId);
    // Then one turn copies the S3 prefix and snapshots the state.
    expect(ledger.map((e) => e.action)).toEqual([
      'collect',
      'collect',
      'collect',
      'collect',
      'collect',
      'seal',
    ]);
    expect(ledger.map((e) => e.data?.continues ?? null)).toEqual([true, true, true, true, false, null]);
  });

  it('copies the S3 log objects delivered in the window, byte for byte, naming where each came from', async () => {
    const incidentId = await sealedIncident('ev-s3');
    const manifest = JSON.parse(
      new TextDecoder().decode(await runtime.deps.evidence.get(`incidents/${incidentId}/manifest.json`)),
    );
    const copies = manifest.objects.filter((o: { key: string }) => o.key.includes('/s3-waf-'));
    expect(copies).toEqual([
      expect.objectContaining({
        records: 2,
        source: expect.stringMatching(
          /^s3:\/\/aws-waf-logs-prod\/AWSWAFLogs\/2026\/11\/20\/03\/10\/waf-1\.log\.gz /,
        ),
      }),
    ]);
    expect(Buffer.from(await runtime.deps.evidence.get(copies[0].key)).equals(Buffer.from(wafLog))).toBe(
      true,
    );
  });

  it('snapshots the identity, blocklist and WAF state the incident touched', async () => {
    const incidentId = await sealedIncident('ev-state');
    const waf = gunzipJsonLines(
      await runtime.deps.evidence.get(`incidents/${incidentId}/waf-ip-sets.jsonl.gz`),
    );
    expect(waf.length).toBeGreaterThan(0);
    expect(waf[0]).toMatchObject({ kind: 'waf-ip-set', addresses: expect.any(Array) });
  });

  it('names an object with one changed byte', async () => {
    const incidentId = await sealedIncident('ev-byte');
    const target = file(incidentId, 'state.jsonl.gz');
    const bytes = readFileSync(target);
    bytes[bytes.length - 5] = (bytes[bytes.length - 5] ?? 0) ^ 0x01;
    writeFileSync(target, bytes);
    const report = await checkEvidence(access, incidentId);
    expect(report.ok).toBe(false);
    expect(report.findings).toEqual([
      expect.objectContaining({ kind: 'hash-mismatch', key: `incidents/${incidentId}/state.jsonl.gz` }),
    ]);
    expect(report.objects.find((o) => o.key.endsWith('state.jsonl.gz'))?.status).toBe('changed');
    expect(report.objects.filter((o) => o.status === 'intact').length).toBe(report.objects.length - 1);
  });

  it('names a removed object and an added one', async () => {
    const incidentId = await sealedIncident('ev-removed');
    unlinkSync(file(incidentId, 'logs-0002.jsonl.gz'));
    writeFileSync(file(incidentId, 'planted.jsonl.gz'), 'x');
    const report = await checkEvidence(access, incidentId);
    expect(report.findings).toEqual([
      expect.objectContaining({ kind: 'object-missing', key: `incidents/${incidentId}/logs-0002.jsonl.gz` }),
      expect.objectContaining({ kind: 'extra-object', key: `incidents/${incidentId}/planted.jsonl.gz` }),
    ]);
  });

  it('refuses a forged manifest: re-hashed and unsigned, or signed by another key', async () => {
    const incidentId = await sealedIncident('ev-forged');
    // Drop an object from the manifest, as someone hiding it would, and keep the old signature.
    const manifest = JSON.parse(readFileSync(file(incidentId, 'manifest.json'), 'utf8'));
    manifest.objects = manifest.objects.filter((o: { key: string }) => !o.key.endsWith('logs-0001.jsonl.gz'));
    const forged = `${JSON.stringify(manifest, null, 2)}\n`;
    writeFileSync(file(incidentId, 'manifest.json'), forged);
    let report = await checkEvidence(access, incidentId);
    expect(report.signatureOk).toBe(false);
    expect(report.findings.map((f) => f.kind)).toEqual(
      expect.arrayContaining(['bad-signature', 'extra-object', 'manifest-not-in-ledger']),
    );
    // Now sign it with a key of the forger's own and ship that key beside it.
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(file(incidentId, 'manifest.sig'), sign('sha256', Buffer.from(forged), other.privateKey));
    writeFileSync(
      file(incidentId, 'public-key.pem'),
      String(other.publicKey.export({ type: 'spki', format: 'pem' })),
    );
    report = await checkEvidence(access, incidentId);
    expect(report.signatureOk).toBe(false);
    expect(report.findings.map((f) => f.kind)).toEqual(
      expect.arrayContaining(['bad-signature', 'foreign-key', 'manifest-not-in-ledger']),
    );
  });

  it('names a deleted, a reordered and an altered ledger entry', async () => {
    const deleted = await sealedIncident('ev-ledger-deleted');
    await doc().send(new DeleteCommand({ TableName: table(), Key: entryKey(deleted, 1) }));
    expect((await checkEvidence(access, deleted)).findings).toEqual([
      expect.objectContaining({ kind: 'ledger-entry-missing', entry: 1 }),
    ]);

    const reordered = await sealedIncident('ev-ledger-reordered');
    const [a, b] = (await runtime.deps.custody.entries(reordered)).slice(1, 3) as [
      CustodyEntry,
      CustodyEntry,
    ];
    await doc().send(new PutCommand({ TableName: table(), Item: { ...entryKey(reordered, 1), entry: b } }));
    await doc().send(new PutCommand({ TableName: table(), Item: { ...entryKey(reordered, 2), entry: a } }));
    expect((await checkEvidence(access, reordered)).findings).toEqual([
      expect.objectContaining({ kind: 'ledger-reordered' }),
    ]);

    const altered = await sealedIncident('ev-ledger-altered');
    await doc().send(
      new UpdateCommand({
        TableName: table(),
        Key: entryKey(altered, 0),
        UpdateExpression: 'SET #e.actor = :a',
        ExpressionAttributeNames: { '#e': 'entry' },
        ExpressionAttributeValues: { ':a': 'somebody else' },
      }),
    );
    expect((await checkEvidence(access, altered)).findings).toEqual([
      expect.objectContaining({ kind: 'ledger-entry-altered', entry: 0 }),
    ]);
  });

  it('refuses to delete or overwrite locked evidence', async () => {
    const incidentId = await sealedIncident('ev-locked');
    const key = `incidents/${incidentId}/manifest.json`;
    await expect(runtime.adapters.evidence.delete(key)).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(
      runtime.deps.evidence.put(key, new TextEncoder().encode('{}'), 'application/json'),
    ).rejects.toMatchObject({ name: 'EvidenceConflict' });
    expect((await checkEvidence(access, incidentId)).ok).toBe(true);
  });
});
