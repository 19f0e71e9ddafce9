import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LocalEvidenceStore } from '../../lambdas/adapters/evidence/local.ts';
import { gunzipJsonLines } from '../../lambdas/core/evidence.ts';
import { holdIncidentEvidence } from '../../lib/cli/evidence.ts';
import { exportIncidentEvidence, LEDGER_CHECK } from '../../lib/cli/evidence-package.ts';
import { simulate } from '../../lib/cli/simulate.ts';
import { loadConfig } from '../../lib/local/config-source.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCENARIO = path.join(ROOT, 'scenarios/credential-stuffing.jsonl');

/** A standard tool run in the package folder: its exit status and what it printed. */
function tool(cwd: string, command: string, args: string[]) {
  const out = spawnSync(command, args, { cwd, encoding: 'utf8' });
  return { status: out.status, output: `${out.stdout}${out.stderr}` };
}

let stateDir: string;
let incidentId: string;

beforeAll(async () => {
  stateDir = mkdtempSync(path.join(tmpdir(), 'riposte-export-'));
  const result = await simulate({ file: SCENARIO, stateDir, config: loadConfig() });
  const first = result.incidents.find((i) => i.blocked.includes('203.0.113.7/32'));
  incidentId = String(first?.id);
}, 90_000);

describe('the evidence of a credential-stuffing simulation', { timeout: 90_000 }, () => {
  it('contains the attack records, and exports as a package sha256sum and openssl verify alone', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'riposte-package-')), 'pkg');
    const exported = await exportIncidentEvidence(incidentId, dir, {
      stateDir,
      config: loadConfig(),
      progress: () => undefined,
      by: 'examiner',
      reason: 'hand-over to the forensic examiner',
    });
    expect(exported.report.ok).toBe(true);
    expect(exported.files).toEqual(
      expect.arrayContaining([
        'SHA256SUMS',
        'manifest.json',
        'manifest.sig',
        'public-key.pem',
        'ledger.jsonl',
      ]),
    );

    // The scenario's attack, as riposte logged it, is in the sealed logs.
    const logs = gunzipJsonLines(readFileSync(path.join(dir, 'logs-0001.jsonl.gz'))) as {
      record: { detail?: { sourceIps?: string[] } };
    }[];
    expect(logs.some((r) => r.record.detail?.sourceIps?.includes('203.0.113.7'))).toBe(true);

    const sums = tool(dir, 'sha256sum', ['-c', 'SHA256SUMS']);
    expect(sums.status).toBe(0);
    expect(sums.output).toContain('logs-0001.jsonl.gz: OK');
    const signature = [
      'dgst',
      '-sha256',
      '-verify',
      'public-key.pem',
      '-signature',
      'manifest.sig',
      'manifest.json',
    ];
    expect(tool(dir, 'openssl', signature)).toMatchObject({
      status: 0,
      output: expect.stringContaining('Verified OK'),
    });
    const ledger = tool(dir, 'sh', ['-c', LEDGER_CHECK]);
    expect(ledger).toMatchObject({
      status: 0,
      output: expect.stringContaining(`last sha256 ${exported.ledgerHead}`),
    });
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toContain(LEDGER_CHECK);
    // The hand-over is the last entry of the ledger it ships with.
    const lines = readFileSync(path.join(dir, 'ledger.jsonl'), 'utf8').trim().split('\n');
    expect(JSON.parse(lines.at(-1) as string)).toMatchObject({
      action: 'export',
      why: 'hand-over to the forensic examiner',
    });

    // And the same tools catch tampering with the package.
    const logsFile = path.join(dir, 'logs-0001.jsonl.gz');
    const bytes = readFileSync(logsFile);
    bytes[20] = (bytes[20] ?? 0) ^ 0xff;
    writeFileSync(logsFile, bytes);
    expect(tool(dir, 'sha256sum', ['-c', 'SHA256SUMS'])).toMatchObject({
      status: 1,
      output: expect.stringContaining('logs-0001.jsonl.gz: FAILED'),
    });
    writeFileSync(
      path.join(dir, 'manifest.json'),
      readFileSync(path.join(dir, 'manifest.json'), 'utf8').replace('"records": ', '"records": 1'),
    );
    expect(tool(dir, 'openssl', signature).status).not.toBe(0);
    writeFileSync(path.join(dir, 'ledger.jsonl'), [lines[0], ...lines.slice(2)].join('\n').concat('\n'));
    expect(tool(dir, 'sh', ['-c', LEDGER_CHECK])).toMatchObject({
      status: 1,
      output: expect.stringContaining('ledger line 2: chain broken'),
    });
  });

  it('npx riposte evidence verify exits 1 and names the object whose byte changed', () => {
    const target = path.join(stateDir, 'evidence', 'incidents', incidentId, 'state.jsonl.gz');
    const bytes = readFileSync(target);
    bytes[bytes.length - 3] = (bytes[bytes.length - 3] ?? 0) ^ 0x01;
    writeFileSync(target, bytes);
    const run = spawnSync(
      process.execPath,
      [path.join(ROOT, 'bin/riposte.mjs'), '--state', stateDir, 'evidence', 'verify', incidentId, '--json'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.findings).toEqual([
      expect.objectContaining({ kind: 'hash-mismatch', key: `incidents/${incidentId}/state.jsonl.gz` }),
    ]);
    const human = execFileSync(
      process.execPath,
      [path.join(ROOT, 'bin/riposte.mjs'), 'evidence', 'verify', '--help'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    expect(human).toContain('--aws');
  });
  it('places and lifts a legal hold that outlasts the retention, each on the chain of custody', async () => {
    const options = {
      stateDir,
      config: loadConfig(),
      progress: () => undefined,
      by: 'counsel',
      reason: 'case 42',
    };
    const held = await holdIncidentEvidence(incidentId, true, options);
    expect(held.objects).toContain(`incidents/${incidentId}/manifest.json`);
    expect(held.entry).toMatchObject({
      action: 'legal-hold',
      actor: 'counsel via riposte evidence',
      why: 'case 42',
    });
    // Ten years on, the retention is over; the hold is not.
    const later = new LocalEvidenceStore({
      root: path.join(stateDir, 'evidence'),
      now: () => new Date('2036-12-01T00:00:00Z'),
    });
    const key = `incidents/${incidentId}/manifest.json`;
    await expect(later.delete(key)).rejects.toMatchObject({
      name: 'AccessDenied',
      message: expect.stringContaining('legal hold'),
    });
    const lifted = await holdIncidentEvidence(incidentId, false, options);
    expect(lifted.entry).toMatchObject({ seq: held.entry.seq + 1, data: { on: false } });
    await expect(later.delete(key)).resolves.toBeUndefined();
  });
});
