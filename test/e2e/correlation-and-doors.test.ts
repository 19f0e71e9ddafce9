import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarizeIncident } from '../../lib/cli/summary.ts';
import type { LocalRuntime } from '../../lib/local/runtime.ts';
import { detection, startRuntime } from '../support/local.ts';

let runtime: LocalRuntime;

beforeAll(async () => {
  runtime = await startRuntime();
  for (const name of ['mallory-victim', 'oscar', 'peggy', 'trent']) {
    await runtime.seedUser({ name, sessions: 1, enabled: true });
  }
});
afterAll(() => runtime.close());

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as unknown;

async function deliver(event: unknown) {
  const { started } = await runtime.deliver(event);
  expect(started).toHaveLength(1);
  return started[0] as { incidentId: string; executionName: string; duplicate: boolean };
}

describe('correlation: alerts of one campaign join one incident', () => {
  it('joins a later alert sharing a source, blocks its new source, raises the severity, and starts nothing twice', async () => {
    const first = await deliver(
      detection('camp-1', {
        severity: 60,
        observedAt: '2026-11-20T03:00:00Z',
        sourceIps: ['203.0.113.160'],
        targetedUsers: ['oscar'],
        compromisedUsers: [],
      }),
    );
    const second = await deliver(
      detection('camp-2', {
        severity: 85,
        observedAt: '2026-11-20T03:20:00Z',
        sourceIps: ['203.0.113.160', '203.0.113.161'],
        targetedUsers: ['peggy'],
        compromisedUsers: ['peggy'],
      }),
    );
    expect(second.incidentId).toBe(first.incidentId);
    expect(second.executionName).toMatch(new RegExp(`^credential-stuffing-${first.incidentId}-[0-9a-f]{8}$`));
    expect(runtime.executions.get(second.executionName)?.status).toBe('SUCCEEDED');

    const incident = await runtime.deps.incidents.get(first.incidentId);
    expect(incident?.severity).toBe(85);
    expect(incident?.alertIds).toEqual(['camp-1', 'camp-2']);
    const timeline = await runtime.deps.incidents.timeline(first.incidentId);
    const attached = timeline.filter((e) => e.action === 'attach-alert');
    expect(attached).toHaveLength(1);
    expect((attached[0]?.data?.alert as { alertId: string; observedAt: string }).observedAt).toBe(
      '2026-11-20T03:20:00Z',
    );
    const summary = await summarizeIncident(runtime, incident as never, second.executionName);
    expect(summary.blocked).toEqual(['203.0.113.160/32', '203.0.113.161/32']);
    expect(summary.sessionsRevoked).toEqual(['peggy']);

    const again = await deliver(
      detection('camp-2', {
        severity: 85,
        observedAt: '2026-11-20T03:20:00Z',
        sourceIps: ['203.0.113.160', '203.0.113.161'],
        targetedUsers: ['peggy'],
        compromisedUsers: ['peggy'],
      }),
    );
    expect(again).toMatchObject({
      incidentId: first.incidentId,
      executionName: second.executionName,
      duplicate: true,
    });
    expect((await runtime.deps.incidents.timeline(first.incidentId)).length).toBe(timeline.length);

    // A lower-severity alert of the same campaign never lowers the incident's severity.
    await deliver(
      detection('camp-3', {
        severity: 30,
        observedAt: '2026-11-20T03:40:00Z',
        sourceIps: ['203.0.113.161'],
        targetedUsers: [],
        compromisedUsers: [],
      }),
    );
    expect((await runtime.deps.incidents.get(first.incidentId))?.severity).toBe(85);
  });

  it('opens a new incident for an alert sharing nothing, or sharing a source outside the window', async () => {
    const unrelated = await deliver(
      detection('other-1', {
        observedAt: '2026-11-20T03:10:00Z',
        sourceIps: ['198.51.100.170'],
        targetedUsers: ['trent'],
        compromisedUsers: [],
      }),
    );
    const later = await deliver(
      detection('other-2', {
        observedAt: '2026-11-20T06:00:00Z',
        sourceIps: ['198.51.100.170'],
        targetedUsers: [],
        compromisedUsers: [],
      }),
    );
    expect(later.incidentId).not.toBe(unrelated.incidentId);
    expect(later.executionName).toBe(`credential-stuffing-${later.incidentId}`);
  });
});

describe('every door in', () => {
  it('starts a playbook from the Security Hub custom action: the findings on the incident, evidence sealed, a page, nothing blocked', async () => {
    const start = await deliver(fixture('asr_custom_action_CIS_1-6-multi-select.json'));
    const record = runtime.executions.get(start.executionName);
    expect(record?.status).toBe('SUCCEEDED');
    const incident = await runtime.deps.incidents.get(start.incidentId);
    expect(incident?.title).toContain('Security Hub action');
    const summary = await summarizeIncident(runtime, incident as never, start.executionName);
    expect(summary.blocked).toEqual([]);
    expect(summary.evidence).not.toBeNull();
    expect(summary.pages).toBe(1);
    const opened = (await runtime.deps.incidents.timeline(start.incidentId)).find(
      (e) => e.action === 'open-incident',
    );
    expect((opened?.data?.alert as { reasons: string[] }).reasons).toHaveLength(2);
    // Compliance findings name no attacker: the estate's posture is left alone and a person triages.
    expect(summary.status).toBe('open');
    const timeline = await runtime.deps.incidents.timeline(start.incidentId);
    expect(timeline.find((e) => e.action === 'tighten-posture')?.outcome).toBe('skipped');
    expect(timeline.find((e) => e.action === 'schedule-relaxation')?.outcome).toBe('skipped');
  });

  it('starts a playbook from a CloudWatch alarm that went to ALARM', async () => {
    const start = await deliver(fixture('cloudwatch-alarm-state-change.json'));
    expect(runtime.executions.get(start.executionName)?.status).toBe('SUCCEEDED');
    expect((await runtime.deps.incidents.get(start.incidentId))?.title).toBe(
      'Alarm ServerCpuTooHigh: Goes into alarm when server CPU utilization is too high!',
    );
  });
});
