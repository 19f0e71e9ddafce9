import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../lambdas/core/evidence.ts';
import { checkEvidence, type EvidenceAccess } from '../../lib/cli/evidence.ts';
import { exportIncidentEvidence } from '../../lib/cli/evidence-package.ts';
import type { LocalRuntime } from '../../lib/local/runtime.ts';
import { deliverAndSummarize, detection, startRuntime } from '../support/local.ts';

// Two alerts of one campaign (ADR 0010): the second shares alice and brings a new source. Each seals its
// own generation of evidence; nothing the first sealed is rewritten.
let runtime: LocalRuntime;
let access: EvidenceAccess;
let incidentId: string;

const evidenceFile = (key: string) => path.join(runtime.paths.evidence, ...key.split('/'));

beforeAll(async () => {
  runtime = await startRuntime();
  for (const name of ['alice', 'bob', 'carol']) await runtime.seedUser({ name, sessions: 1, enabled: true });
  access = {
    store: runtime.deps.evidence,
    ledger: runtime.deps.custody,
    trustedPublicKeyPem: () => runtime.deps.signer.publicKeyPem(),
    close: async () => undefined,
  };
  const first = await deliverAndSummarize(runtime, detection('gen-1'));
  incidentId = first.incident.id;
}, 60_000);
afterAll(async () => {
  await runtime.close();
});

describe('evidence of a growing campaign', { timeout: 60_000 }, () => {
  it('seals one generation per alert, the second linked to the first, and the incident ends contained', async () => {
    const joined = await deliverAndSummarize(
      runtime,
      detection('gen-2', {
        observedAt: '2026-11-20T03:20:00Z',
        sourceIps: ['198.51.100.77'],
        targetedUsers: ['alice', 'carol'],
        compromisedUsers: ['carol'],
      }),
    );
    expect(joined.incident.id).toBe(incidentId);
    expect(joined.incident.status).toBe('contained');
    expect(joined.summary.failures).toEqual([]);
    expect(joined.summary.evidence).toMatchObject({ generations: 2, alerts: 2, signed: true });

    const report = await checkEvidence(access, incidentId);
    expect(report.findings).toEqual([]);
    expect(report.generations.map((g) => [g.generation, g.alertId])).toEqual([
      [1, 'gen-1'],
      [2, 'gen-2'],
    ]);
    const [one, two] = report.generations;
    expect(two?.manifest).toBe(`incidents/${incidentId}/generation-0002/manifest.json`);
    expect(two?.previous).toEqual({
      generation: 1,
      manifest: one?.manifest,
      manifestSha256: one?.manifestSha256,
    });
    // Each generation has its own state snapshot: the second one is not a rewrite of the first.
    expect(two?.objects.map((o) => path.posix.basename(o.key))).toContain('state.jsonl.gz');
    const ledger = await runtime.deps.custody.entries(incidentId);
    expect(ledger.filter((e) => e.action === 'seal').map((e) => e.data?.generation)).toEqual([1, 2]);
  });

  it('exports every generation in one package that sha256sum and openssl verify', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'riposte-generations-')), 'pkg');
    const exported = await exportIncidentEvidence(incidentId, dir, {
      stateDir: runtime.paths.root,
      config: runtime.deps.config,
      progress: () => undefined,
      by: 'examiner',
      reason: 'hand-over',
      access,
    });
    expect(exported.report.ok).toBe(true);
    expect(exported.files).toEqual(
      expect.arrayContaining([
        'manifest.json',
        'generation-0002/manifest.json',
        'generation-0002/state.jsonl.gz',
      ]),
    );
    const sums = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' });
    expect(sums.status).toBe(0);
    expect(sums.stdout).toContain('generation-0002/state.jsonl.gz: OK');
    for (const folder of [dir, path.join(dir, 'generation-0002')]) {
      const openssl = spawnSync(
        'openssl',
        ['dgst', '-sha256', '-verify', 'public-key.pem', '-signature', 'manifest.sig', 'manifest.json'],
        { cwd: folder, encoding: 'utf8' },
      );
      expect(openssl.stdout.trim()).toBe('Verified OK');
    }
    rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  it('names a flipped byte in either generation', async () => {
    const report = await checkEvidence(access, incidentId);
    for (const g of report.generations) {
      const key = g.objects.find((o) => o.key.endsWith('state.jsonl.gz'))?.key ?? '';
      const file = evidenceFile(key);
      const original = readFileSync(file);
      const flipped = Buffer.from(original);
      flipped[flipped.length - 1] = (flipped.at(-1) ?? 0) ^ 0xff;
      writeFileSync(file, flipped);
      const after = await checkEvidence(access, incidentId);
      writeFileSync(file, original);
      expect(after.ok).toBe(false);
      expect(after.findings).toEqual([expect.objectContaining({ kind: 'hash-mismatch', key })]);
    }
    expect((await checkEvidence(access, incidentId)).ok).toBe(true);
  });

  it('names a generation whose link does not match what the ledger sealed before it', async () => {
    const key = `incidents/${incidentId}/generation-0002/manifest.json`;
    const manifest = JSON.parse(readFileSync(evidenceFile(key), 'utf8')) as Manifest;
    const forged = structuredClone(manifest);
    if (forged.previous) forged.previous.manifestSha256 = '0'.repeat(64);
    const original = readFileSync(evidenceFile(key));
    writeFileSync(evidenceFile(key), `${JSON.stringify(forged, null, 2)}\n`);
    const after = await checkEvidence(access, incidentId);
    writeFileSync(evidenceFile(key), original);
    expect(after.findings.map((f) => f.kind)).toEqual(
      expect.arrayContaining(['bad-signature', 'manifest-not-in-ledger', 'generation-link-broken']),
    );
    expect(after.findings.find((f) => f.kind === 'generation-link-broken')).toMatchObject({ generation: 2 });
  });
});
