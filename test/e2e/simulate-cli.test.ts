import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

function riposte(args: string[]) {
  const stdout = execFileSync(process.execPath, [path.join(ROOT, 'bin/riposte.mjs'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return stdout;
}

// Generous limits, not timing assertions: every spawned CLI synthesizes the whole stack, slow on a loaded machine.
describe('npx riposte simulate', { timeout: 240_000 }, () => {
  it('runs the bundled scenario and prints exactly one JSON object with --json', () => {
    const state = mkdtempSync(path.join(tmpdir(), 'riposte-cli-'));
    const stdout = riposte(['--state', state, 'simulate', '--json']);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const result = JSON.parse(stdout);
    const byAlert = Object.fromEntries(result.incidents.map((i: { blocked: string[] }) => [i.blocked[0], i]));
    expect(result.incidents).toHaveLength(2);
    expect(byAlert['2001:db8:beef::17/128']).toMatchObject({
      playbook: 'credential-stuffing',
      status: 'contained',
      blocked: ['2001:db8:beef::17/128', '203.0.113.7/32'],
      sessionsRevoked: ['alice'],
      passwordResets: ['alice'],
      pages: 1,
      evidence: { objects: 3, manifestSha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    expect(byAlert['198.51.100.23/32']).toMatchObject({
      blocked: ['198.51.100.23/32', '198.51.100.24/32'],
      sessionsRevoked: ['dave'],
      passwordResets: ['dave'],
    });
    expect(result.duplicates).toHaveLength(1);
    expect(result.rejected).toEqual([{ line: 4, error: expect.stringContaining('detail.severity') }]);
    const report = readFileSync(result.incidents[0].report, 'utf8');
    expect(report).toContain('## Timeline');
  });

  it('keeps going past a line that is not JSON and an unknown user from explicit seeds', () => {
    const state = mkdtempSync(path.join(tmpdir(), 'riposte-cli-'));
    const scenario = path.join(state, 'scenario.jsonl');
    writeFileSync(
      scenario,
      [
        JSON.stringify({ seed: { users: ['alice'] } }),
        '{"source": "riposte.detection", oops',
        JSON.stringify({
          source: 'riposte.detection',
          'detail-type': 'Identity attack detected',
          detail: {
            id: 'cli-2',
            type: 'credential-stuffing',
            severity: 70,
            observedAt: '2026-11-20T03:12:00Z',
            sourceIps: ['203.0.113.8'],
            targetedUsers: ['alice', 'zed'],
            compromisedUsers: ['alice', 'zed'],
          },
        }),
      ].join('\n'),
    );
    const result = JSON.parse(riposte(['--state', state, 'simulate', scenario, '--json']));
    expect(result.rejected).toEqual([{ line: 2, error: expect.stringContaining('not JSON') }]);
    expect(result.incidents[0]).toMatchObject({
      status: 'partial',
      blocked: ['203.0.113.8/32'],
      sessionsRevoked: ['alice'],
    });
    expect(JSON.stringify(result.incidents[0].failures)).toContain('zed');
  });
});

describe('npx riposte block / unblock / kill-switch', { timeout: 240_000 }, () => {
  it('blocks and unblocks by hand, and refuses new blocks while the kill switch is on', () => {
    const state = mkdtempSync(path.join(tmpdir(), 'riposte-cli-ops-'));
    const blocked = JSON.parse(
      riposte(['--state', state, 'block', '203.0.113.77', '10.0.0.1', '--reason', 'cli test', '--json']),
    );
    expect(blocked).toMatchObject({ playbook: 'block-ips', where: 'local', status: 'SUCCEEDED' });
    const details = blocked.timeline.map((e: { detail: string }) => e.detail).join('\n');
    expect(details).toMatch(/live in WAF: 203\.0\.113\.77\/32/);
    expect(details).toMatch(/did not block "10\.0\.0\.1"/);

    riposte(['--state', state, 'kill-switch', 'on', '--reason', 'drill', '--by', 'bob']);
    const paused = JSON.parse(
      riposte(['--state', state, 'block', '203.0.113.78', '--reason', 'during drill', '--json']),
    );
    expect(paused.timeline.map((e: { detail: string }) => e.detail).join('\n')).toMatch(/kill switch \(bob/);

    const unblocked = JSON.parse(
      riposte(['--state', state, 'unblock', '203.0.113.77', '--reason', 'false positive', '--json']),
    );
    expect(unblocked.timeline.map((e: { detail: string }) => e.detail).join('\n')).toMatch(
      /removed from WAF: 203\.0\.113\.77\/32/,
    );
  });
});
