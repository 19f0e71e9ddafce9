import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarizeIncident } from '../../lib/cli/summary.ts';
import type { LocalRuntime } from '../../lib/local/runtime.ts';
import { detection, liveAddresses, startRuntime } from '../support/local.ts';

let runtime: LocalRuntime;

beforeAll(async () => {
  // One alert per test, all naming alice and bob by default: correlation would make them one campaign.
  runtime = await startRuntime({ correlate: false });
  for (const name of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy']) {
    await runtime.seedUser({ name, sessions: 2, enabled: true });
  }
});
afterAll(() => runtime.close());

async function deliver(event: unknown) {
  const { started } = await runtime.deliver(event);
  const [start] = started;
  const incidentId = String(start?.incidentId);
  const incident = await runtime.deps.incidents.get(incidentId);
  if (!incident) throw new Error(`no incident ${incidentId}: ${JSON.stringify(started)}`);
  return {
    start,
    incident,
    summary: await summarizeIncident(runtime, incident, String(start?.executionName)),
  };
}

describe('credential-stuffing playbook, end to end on the local runtime', () => {
  it('blocks the sources, contains the compromised account, seals evidence and pages once', async () => {
    const { incident, summary } = await deliver(
      detection('e2e-1', { sourceIps: ['203.0.113.7', '2001:DB8:BEEF:0::17'], compromisedUsers: ['alice'] }),
    );
    expect(incident.status).toBe('contained');
    expect(summary.blocked).toEqual(['2001:db8:beef::17/128', '203.0.113.7/32']);
    expect(liveAddresses(runtime)).toEqual(
      expect.arrayContaining(['203.0.113.7/32', '2001:db8:beef::17/128']),
    );
    expect(summary.sessionsRevoked).toEqual(['alice']);
    expect(summary.passwordResets).toEqual(['alice']);
    expect(runtime.adapters.userPool.user('alice')).toMatchObject({
      status: 'FORCE_CHANGE_PASSWORD',
      refreshTokens: 0,
    });
    expect(runtime.adapters.userPool.user('bob')).toMatchObject({ status: 'CONFIRMED', refreshTokens: 2 });
    expect(summary.evidence?.objects).toBe(3);
    expect(summary.pages).toBe(1);
    const page = runtime.adapters.topic.pages().find((p) => p.key.startsWith(incident.id));
    expect(page?.subject).toContain(`${incident.id} CONTAINED`);
    expect(page?.message).toContain('203.0.113.7/32');
    // The outcome step published the run's response metrics (CloudWatch on AWS): contained, automated.
    expect(
      runtime.adapters.responseMetrics.published.find((m) => m.incidentId === incident.id),
    ).toMatchObject({
      playbook: 'credential-stuffing',
      containedAt: incident.updatedAt,
      mode: 'automated',
    });
  });

  it('records the prior state of each account before changing it', async () => {
    const { incident } = await deliver(
      detection('e2e-prior', { sourceIps: ['203.0.113.70'], compromisedUsers: ['carol'] }),
    );
    const snapshot = (await runtime.deps.incidents.timeline(incident.id)).find(
      (e) => e.action === 'snapshot-account' && e.data?.provider === 'cognito',
    );
    expect(snapshot?.data?.prior).toMatchObject({
      user: 'carol',
      exists: true,
      enabled: true,
      passwordStatus: 'CONFIRMED',
    });
  });

  it('never blocks allow-listed, private, or malformed addresses, and records why on the incident', async () => {
    const { incident, summary } = await deliver(
      detection('e2e-guard', {
        sourceIps: [
          '198.51.100.23',
          '::ffff:198.51.100.24',
          '192.0.2.10',
          '10.1.2.3',
          'fe80::1',
          '203.0.113.0/8',
          'not-an-ip',
        ],
        compromisedUsers: [],
      }),
    );
    expect(summary.blocked).toEqual(['198.51.100.23/32', '198.51.100.24/32']);
    const live = liveAddresses(runtime);
    for (const forbidden of ['192.0.2.10/32', '10.1.2.3/32', 'fe80::1/128'])
      expect(live).not.toContain(forbidden);
    expect(live.some((a) => a.startsWith('203.0.0.0'))).toBe(false);
    expect(summary.refused.map((r) => r.address).sort()).toEqual(
      ['10.1.2.3', '192.0.2.10', '203.0.113.0/8', 'fe80::1', 'not-an-ip'].sort(),
    );
    expect(summary.refused.find((r) => r.address === '192.0.2.10')?.reason).toMatch(
      /allow-listed 192\.0\.2\.0\/24/,
    );
    expect(incident.status).toBe('contained');
  });

  it('turns a re-delivered alert into nothing: one incident, one set of blocks, one page', async () => {
    const event = detection('e2e-dup', { sourceIps: ['203.0.113.99'], compromisedUsers: ['dave'] });
    const first = await deliver(event);
    const writes = runtime.adapters.waf.writes;
    const second = await deliver(event);
    expect(second.start?.duplicate).toBe(true);
    expect(second.incident.id).toBe(first.incident.id);
    expect(runtime.adapters.waf.writes).toBe(writes);
    expect(second.summary.pages).toBe(1);
  });

  it('changes nothing twice even when the same alert is started again under another execution name', async () => {
    const event = detection('e2e-console-dup', { sourceIps: ['203.0.113.98'], compromisedUsers: ['erin'] });
    const first = await deliver(event);
    const timelineBefore = await runtime.deps.incidents.timeline(first.incident.id);
    const record = await runtime.run('credential-stuffing', 'operator-restart-1', event);
    expect(record.status).toBe('SUCCEEDED');
    const timelineAfter = await runtime.deps.incidents.timeline(first.incident.id);
    expect(timelineAfter.filter((e) => e.action === 'revoke-sessions')).toHaveLength(
      timelineBefore.filter((e) => e.action === 'revoke-sessions').length,
    );
    const pages = runtime.adapters.topic.pages().filter((p) => p.key.startsWith(first.incident.id));
    expect(pages).toHaveLength(1);
  });

  it('catches a failing branch, keeps the other branches’ work and names the failure in the page', async () => {
    runtime.adapters.evidence.failNext('ServiceUnavailable');
    const { incident, summary } = await deliver(
      detection('e2e-fail', { sourceIps: ['203.0.113.50'], compromisedUsers: ['frank'] }),
    );
    expect(incident.status).toBe('partial');
    expect(summary.execution.status).toBe('SUCCEEDED');
    expect(summary.blocked).toEqual(['203.0.113.50/32']);
    expect(summary.sessionsRevoked).toEqual(['frank']);
    expect(summary.evidence).toBeNull();
    expect(summary.failures.map((f) => f.action)).toContain('seal-evidence');
    const page = runtime.adapters.topic.pages().find((p) => p.key.startsWith(incident.id));
    expect(page?.subject).toContain('PARTIALLY CONTAINED');
    expect(page?.message).toMatch(/seal-evidence FAILED: ServiceUnavailable/);
  });

  it('names an unknown user as a failure without stopping the rest', async () => {
    const { incident, summary } = await deliver(
      detection('e2e-unknown', { sourceIps: ['203.0.113.51'], compromisedUsers: ['mallory', 'grace'] }),
    );
    expect(incident.status).toBe('partial');
    expect(summary.sessionsRevoked).toEqual(['grace']);
    expect(summary.failures.some((f) => f.detail.includes('mallory'))).toBe(true);
    expect(summary.blocked).toEqual(['203.0.113.51/32']);
  });

  it('retries a WAF lock conflict and still gets the address live', async () => {
    runtime.adapters.waf.failNext('WAFOptimisticLockException');
    const { summary } = await deliver(
      detection('e2e-lock', { sourceIps: ['203.0.113.52'], compromisedUsers: [] }),
    );
    expect(summary.blocked).toEqual(['203.0.113.52/32']);
  });

  it('fails loudly when the page cannot be sent, with the failure on the incident timeline', async () => {
    runtime.adapters.topic.failNext('InternalErrorException');
    const { incident, summary } = await deliver(
      detection('e2e-nopage', { sourceIps: ['203.0.113.53'], compromisedUsers: [] }),
    );
    expect(summary.execution.status).toBe('FAILED');
    expect(summary.execution.error).toBe('InternalErrorException');
    const timeline = await runtime.deps.incidents.timeline(incident.id);
    expect(timeline.some((e) => e.action === 'page' && e.outcome === 'failed')).toBe(true);
    expect(summary.blocked).toEqual(['203.0.113.53/32']);
  });

  it('rejects a malformed alert with an error naming the field, and starts nothing', async () => {
    const before = runtime.executions.size;
    await expect(runtime.deliver(detection('e2e-bad', { sourceIps: '203.0.113.54' }))).rejects.toMatchObject({
      name: 'InvalidInput',
      message: expect.stringContaining('detail.sourceIps'),
    });
    expect(runtime.executions.size).toBe(before);
  });

  it('fails the execution at its first state when the console input is invalid', async () => {
    const record = await runtime.run('credential-stuffing', 'console-bad-input', {
      alertId: 'x',
      playbook: 'credential-stuffing',
    });
    expect(record.status).toBe('FAILED');
    expect(record.error).toBe('InvalidInput');
    expect(record.cause).toMatch(/^type: /);
  });

  it.each([
    ['GuardDuty’s own event', 'eventbridge-guardduty-finding.jsonl'],
    ['a Security Hub imported finding (ASFF)', 'eventbridge-securityhub-imported.jsonl'],
  ])('blocks the real SSH brute-forcer 199.241.229.197 from %s', async (_name, file) => {
    const event = JSON.parse(
      readFileSync(new URL(`../fixtures/${file}`, import.meta.url), 'utf8')
        .trim()
        .split('\n')[0] ?? '',
    );
    const { incident, summary } = await deliver(event);
    expect(summary.blocked).toEqual(['199.241.229.197/32']);
    expect(liveAddresses(runtime)).toContain('199.241.229.197/32');
    expect(incident.status).toBe('contained');
  });
});
