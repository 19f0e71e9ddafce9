import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../lambdas/core/evidence.ts';
import { simulate } from '../../lib/cli/simulate.ts';
import { exportIocs } from '../../lib/iocs/export.ts';
import { loadConfig } from '../../lib/local/config-source.ts';
import { collectMetrics } from '../../lib/metrics/collect.ts';
import { buildFinalReport, reportFormat } from '../../lib/report/final-report.ts';
import { ChromiumMissingError, findChromium, printPdf } from '../../lib/report/pdf.ts';
import { stixBundleValidator } from '../support/stix-schemas.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCENARIO = path.join(ROOT, 'scenarios/credential-stuffing-logs.jsonl');

let stateDir: string;
let incidentId: string;
const quiet = () => undefined;
const read = () => ({ target: { kind: 'local' as const }, stateDir, config: loadConfig(), progress: quiet });

beforeAll(async () => {
  stateDir = mkdtempSync(path.join(tmpdir(), 'riposte-report-'));
  // On the virtual clock from the scenario's first record (as `simulate --until 1m`), so times are the scenario's.
  const result = await simulate({
    file: SCENARIO,
    stateDir,
    config: loadConfig(),
    logs: {},
    untilMs: 60_000,
  });
  incidentId = String(result.incidents[0]?.id);
}, 120_000);

const outDir = () => mkdtempSync(path.join(tmpdir(), 'riposte-report-out-'));

describe('the final report of a simulated credential-stuffing incident', { timeout: 120_000 }, () => {
  it('has the runbook sections and the incident facts: blocked address, accounts, manifest hash', async () => {
    const dir = outDir();
    const out = path.join(dir, 'final.md');
    const result = await buildFinalReport(incidentId, { ...read(), out });
    expect(result.written.map((f) => path.basename(f)).sort()).toEqual([
      'final.attempts.svg',
      'final.md',
      'final.timeline.svg',
    ]);
    const md = readFileSync(out, 'utf8');
    for (const section of [
      '## Executive summary',
      '## Incident detail',
      '## What was done and its effect',
      '## Response metrics',
      '## Post-mortem',
      '## Prevention plan',
      '## For the team to complete',
      '### A. Log samples',
      '### B. Evidence and custody',
      '### C. Indicators of compromise',
      '### D. Timeline',
    ])
      expect(md).toContain(section);
    // The scenario's attacker, blocked for the default 24 h, and the two accounts it signed in to.
    expect(md).toMatch(
      /\| 203\.0\.113\.201\/32 \| WAF \| 2026-11-20T03:01:58\.000Z \| 2026-11-21T03:01:58\.000Z \|/,
    );
    expect(md).toMatch(/\| shopper17 \| .*force-password-reset \(cognito\): ok/);
    expect(md).toContain('Accounts the attacker signed in to (2): shopper17, shopper44');
    expect(md).toContain('T1110.004 Brute Force: Credential Stuffing');
    // The manifest hash the report names is the hash of the sealed manifest's bytes.
    const manifest = readFileSync(path.join(stateDir, 'evidence/incidents', incidentId, 'manifest.json'));
    expect(md).toContain(`manifest SHA-256 ${sha256Hex(manifest)}`);
    expect(md).toContain('intact, signature valid');
    // 60 sign-in records of the attack in the evidence: 58 failed, 2 succeeded; first to last.
    expect(md).toContain(
      '60 sign-in record(s) from 2026-11-20T03:00:00.000Z to 2026-11-20T03:01:58.000Z (58 failed)',
    );
    expect(md).toContain('| time to detect | 2 min | 2026-11-20T03:00:00.000Z | 2026-11-20T03:01:58.000Z |');
    // What riposte cannot know is a marked blank, and an unclosed incident is a draft.
    expect(md).toContain('**Impact on data:** \\_\\_\\_\\_\\_ (to be completed by the team)');
    expect(md).toContain('> **DRAFT: the incident is contained but not closed');
    expect(result.draft).toBe(true);
    // The pictures it links open as SVG images.
    for (const name of ['final.timeline.svg', 'final.attempts.svg']) {
      expect(md).toContain(`](${name})`);
      const errors: string[] = [];
      const doc = new DOMParser({ onError: (l, m) => errors.push(`${l}: ${m}`) }).parseFromString(
        readFileSync(path.join(dir, name), 'utf8'),
        'image/svg+xml',
      );
      expect(errors).toEqual([]);
      expect(doc.documentElement?.nodeName).toBe('svg');
    }
  });

  it('writes one self-contained HTML file with the pictures inline, and says the same facts', async () => {
    const result = await buildFinalReport(incidentId, { ...read(), format: 'html' });
    const html = String(result.stdout);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.match(/<svg /g)?.length).toBe(2);
    expect(html).toContain('<td>203.0.113.201/32</td><td>WAF</td>');
    expect(html).toContain("default-src 'none'");
  });

  it('refuses an unknown incident, saying how to find the right id', async () => {
    await expect(buildFinalReport('INC-20990101-00000000', read())).rejects.toThrow(
      'no incident INC-20990101-00000000: check the id with `riposte incidents`',
    );
  });

  it('writes nothing when the output path cannot be written', async () => {
    const dir = outDir();
    const missing = path.join(dir, 'no-such-folder', 'final.md');
    await expect(buildFinalReport(incidentId, { ...read(), out: missing })).rejects.toThrow(
      /the folder .*no-such-folder does not exist. Nothing was written/,
    );
    // A file where a folder should be fails even for root; the report's pictures are not left behind.
    writeFileSync(path.join(dir, 'a-file'), 'x');
    await expect(
      buildFinalReport(incidentId, { ...read(), out: path.join(dir, 'a-file', 'final.md') }),
    ).rejects.toThrow(/ENOTDIR.*Nothing was written/);
    mkdirSync(path.join(dir, 'taken.md'));
    await expect(
      buildFinalReport(incidentId, { ...read(), out: path.join(dir, 'taken.md') }),
    ).rejects.toThrow(/is a folder/);
    expect(readdirSync(dir).sort()).toEqual(['a-file', 'taken.md']);
  });

  it('takes the format from --out, and refuses an unknown one', () => {
    expect(reportFormat(undefined, 'r.pdf')).toBe('pdf');
    expect(reportFormat(undefined, 'r.htm')).toBe('html');
    expect(reportFormat(undefined, undefined)).toBe('md');
    expect(() => reportFormat('docx', undefined)).toThrow('--format takes md, html, pdf, not "docx"');
  });

  it('prints PDF with headless Chromium, or says clearly that it cannot', async () => {
    await expect(printPdf('<p>x</p>', undefined)).rejects.toThrow(ChromiumMissingError);
    await expect(printPdf('<p>x</p>', undefined)).rejects.toThrow(/headless Chromium is not installed/);
    const chromium = findChromium();
    if (chromium) {
      const pdf = await printPdf('<!doctype html><p>riposte</p>', chromium);
      expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    } else {
      expect(findChromium({ RIPOSTE_CHROMIUM: '/nonexistent/chromium' })).toBeUndefined();
    }
  });

  it('exports its indicators as a valid, anonymized STIX bundle, the same bytes twice', async () => {
    const dir = outDir();
    const request = {
      ...read(),
      format: 'stix' as const,
      tlp: 'amber' as const,
      anonymize: true,
      producer: 'Example Shop',
    };
    const first = await exportIocs(incidentId, { ...request, out: path.join(dir, 'a.json') });
    await exportIocs(incidentId, { ...request, out: path.join(dir, 'b.json') });
    const text = readFileSync(path.join(dir, 'a.json'), 'utf8');
    expect(readFileSync(path.join(dir, 'b.json'), 'utf8')).toBe(text);
    const bundle = JSON.parse(text);
    expect(stixBundleValidator()(bundle)).toEqual([]);
    expect(first.indicators).toBe(1);
    const indicator = bundle.objects.find((o: { type: string; pattern?: string }) =>
      o.pattern?.includes('ipv4-addr'),
    );
    expect(indicator).toMatchObject({
      pattern: "[ipv4-addr:value = '203.0.113.201/32']",
      valid_from: '2026-11-20T03:01:58.000Z',
      valid_until: '2026-11-21T03:01:58.000Z',
    });
    expect(text).not.toMatch(/shopper\d/);
  });

  it('metrics: time to detect and to contain per incident, consistent with the timeline, and a chart', async () => {
    const chart = path.join(outDir(), 'metrics.svg');
    const result = await collectMetrics({ ...read(), since: '2026-11-01T00:00:00Z', chart });
    const m = result.incidents.find((i) => i.incidentId === incidentId);
    // First failure of the scenario at 03:00:00, detection at 03:01:58; contained in the same (virtual) instant.
    expect(m).toMatchObject({ timeToDetectSeconds: 118, timeToContainSeconds: 0, mode: 'automated' });
    const report = readFileSync(
      (await buildFinalReport(incidentId, { ...read(), out: path.join(outDir(), 'r.md') })).written[0] ?? '',
      'utf8',
    );
    expect(report).toContain(`| time to contain | 0 ms | ${m?.detectedAt} | ${m?.containedAt} |`);
    expect(result.period.byPlaybook['credential-stuffing']).toBe(result.incidents.length);
    expect(readFileSync(chart, 'utf8')).toContain(incidentId);
  });
});
