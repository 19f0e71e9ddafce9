import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../lambdas/core/incident.ts';
import { encodeSubscription } from '../../lambdas/core/log-subscription.ts';
import { simulate } from '../../lib/cli/simulate.ts';
import { summarizeIncident } from '../../lib/cli/summary.ts';
import { loadConfig, PROJECT_ROOT } from '../../lib/local/config-source.ts';
import type { LocalRuntime } from '../../lib/local/runtime.ts';
import { startRuntime } from '../support/local.ts';

// Built app-format sign-in lines (docs/log-formats.md): one address replays a breached list.
const T0 = Date.parse('2026-11-20T03:00:00Z');
const line = (i: number, outcome: 'success' | 'failure', reason = 'unknown-user') =>
  JSON.stringify({
    time: new Date(T0 + i * 2000).toISOString(),
    user: `shopper${i}@mail.example`,
    outcome,
    ip: '203.0.113.201',
    ...(outcome === 'failure' ? { reason } : {}),
  });
const delivery = (from: number, to: number, success?: number) =>
  encodeSubscription(
    'app-signins',
    Array.from({ length: to - from }, (_, k) => from + k).map((i) => ({
      timestamp: T0 + i * 2000,
      message: line(i, i === success ? 'success' : 'failure'),
    })),
  );

let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await startRuntime();
  for (const name of ['shopper12', 'shopper40']) await runtime.seedUser({ name, sessions: 1, enabled: true });
});
afterAll(() => runtime.close());

describe('the detect function on the local runtime: logs in, playbooks out', () => {
  it('detects stuffing across deliveries, starts the playbook, and joins the grown campaign to the same incident', async () => {
    const first = (await runtime.invokeHandler('detect', delivery(0, 30, 12))) as { published: string[] };
    expect(first.published).toHaveLength(1);
    const [incident] = await runtime.deps.incidents.list();
    expect(incident).toMatchObject({ playbook: 'credential-stuffing', compromisedUsers: ['shopper12'] });
    expect(runtime.liveAddresses()).toContain('203.0.113.201/32');

    // The same delivery again publishes nothing; more of the list is the same campaign, grown.
    expect(
      ((await runtime.invokeHandler('detect', delivery(0, 30, 12))) as { published: string[] }).published,
    ).toEqual([]);
    const grown = (await runtime.invokeHandler('detect', delivery(30, 45, 40))) as { published: string[] };
    expect(grown.published).toHaveLength(1);
    const incidents = await runtime.deps.incidents.list();
    expect(incidents).toHaveLength(1);
    const timeline = await runtime.deps.incidents.timeline(incidents[0]?.id as string);
    expect(timeline.filter((e) => e.action === 'attach-alert')).toHaveLength(1);
    const summary = await summarizeIncident(runtime, incidents[0] as Incident);
    expect(summary.sessionsRevoked).toEqual(['shopper12', 'shopper40']);
  });
});

describe('riposte simulate --logs', () => {
  it('runs the bundled raw-log scenario: one stuffing incident, its records sealed, the truncated line counted', async () => {
    const stateDir = mkdtempSync(path.join(tmpdir(), 'riposte-logs-'));
    const result = await simulate({
      file: path.join(PROJECT_ROOT, 'scenarios/credential-stuffing-logs.jsonl'),
      stateDir,
      config: loadConfig(),
      logs: {},
    });
    expect(result.records).toBe(91);
    expect(result.unparsable).toEqual({
      count: 1,
      records: [{ line: 46, reason: expect.stringMatching(/^not JSON/) }],
    });
    expect(result.detections?.map((d) => d.type)).toEqual(['credential-stuffing']);
    expect(result.incidents).toHaveLength(1);
    const [incident] = result.incidents;
    expect(incident?.detections).toEqual([
      {
        type: 'credential-stuffing',
        technique: 'T1110.004',
        sources: ['203.0.113.201'],
        accounts: expect.any(Array),
      },
    ]);
    expect(incident?.detections[0]?.accounts).toHaveLength(58);
    expect(incident).toMatchObject({
      status: 'contained',
      blocked: ['203.0.113.201/32'],
      sessionsRevoked: ['shopper17', 'shopper44'],
    });
    expect(incident?.evidence?.objects).toBeGreaterThan(0);
  }, 60_000);
});
