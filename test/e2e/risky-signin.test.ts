import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../lib/local/runtime.ts';
import { deliverAndSummarize, detection, startRuntime } from '../support/local.ts';

let runtime: LocalRuntime;

beforeAll(async () => {
  // Each test is an alert of its own, some about the same sources or people: no campaign correlation.
  runtime = await startRuntime({ correlate: false });
  for (const name of [
    'low',
    'medium',
    'medium2',
    'high',
    'changed',
    'broken',
    'sev20',
    'sev55',
    'sev90',
    'entra',
    'okta',
  ])
    await runtime.seedUser({ name, sessions: 3, enabled: true });
});
afterAll(() => runtime.close());

const risky = (id: string, user: string, detail: Record<string, unknown>) =>
  detection(id, {
    type: 'risky-signin',
    severity: 50,
    targetedUsers: [user],
    compromisedUsers: [],
    reasons: ['new country'],
    ...detail,
  });

describe('risky-signin playbook, end to end on the local runtime', () => {
  it('low risk (20): records and watches; nothing changes, nobody is paged', async () => {
    const { incident, summary, timeline, teamPages } = await deliverAndSummarize(
      runtime,
      risky('rs-20', 'low', { riskScore: 20, sourceIps: ['198.51.100.20'] }),
    );
    expect(summary.risk).toEqual({ score: 20, tier: 'low', stepUp: [] });
    expect(summary.blocked).toEqual([]);
    expect(summary.sessionsRevoked).toEqual([]);
    expect(summary.passwordResets).toEqual([]);
    expect(runtime.adapters.userPool.user('low')).toMatchObject({ status: 'CONFIRMED', refreshTokens: 3 });
    expect(timeline.find((e) => e.action === 'watch-account')?.detail).toMatch(
      /risk 20 is below 40: watching low/,
    );
    expect(incident.status).toBe('open');
    expect(teamPages).toHaveLength(0);
  });

  it('medium risk (55): forces step-up (sessions revoked, password kept), no block, alerts', async () => {
    const { incident, summary, teamPages } = await deliverAndSummarize(
      runtime,
      risky('rs-55', 'medium', { riskScore: 55, sourceIps: ['198.51.100.55'] }),
    );
    expect(summary.risk).toEqual({ score: 55, tier: 'medium', stepUp: ['medium'] });
    expect(summary.sessionsRevoked).toEqual(['medium']);
    expect(summary.passwordResets).toEqual([]);
    expect(summary.blocked).toEqual([]);
    expect(runtime.adapters.userPool.user('medium')).toMatchObject({ status: 'CONFIRMED', refreshTokens: 0 });
    expect(incident.status).toBe('contained');
    expect(teamPages).toHaveLength(1);
    expect(teamPages[0]?.message).toMatch(/risk below 70: the source is not blocked/);
  });

  it('high risk (90): contains the account per configuration, blocks the source and pages', async () => {
    const { summary, teamPages } = await deliverAndSummarize(
      runtime,
      risky('rs-90', 'high', { riskScore: 90, sourceIps: ['198.51.100.90'] }),
    );
    expect(summary.risk).toEqual({ score: 90, tier: 'high', stepUp: [] });
    expect(summary.sessionsRevoked).toEqual(['high']);
    expect(summary.passwordResets).toEqual(['high']);
    expect(summary.blocked).toEqual(['198.51.100.90/32']);
    expect(teamPages).toHaveLength(1);
  });

  it('a password change re-evaluates at once: the other sessions are revoked even at low risk', async () => {
    const { summary } = await deliverAndSummarize(
      runtime,
      risky('rs-change', 'changed', { riskScore: 10, identityEvent: 'password-change', sourceIps: [] }),
    );
    expect(summary.risk).toEqual({
      score: 10,
      tier: 'low',
      identityEvent: 'password-change',
      stepUp: ['changed'],
    });
    expect(summary.passwordResets).toEqual([]);
    expect(runtime.adapters.userPool.user('changed')?.refreshTokens).toBe(0);
  });

  it('acts on the account a detection names only as compromised', async () => {
    const { summary } = await deliverAndSummarize(
      runtime,
      risky('rs-compromised', 'medium2', { targetedUsers: [], compromisedUsers: ['medium2'], riskScore: 60 }),
    );
    expect(summary.risk?.stepUp).toEqual(['medium2']);
    expect(runtime.adapters.userPool.user('medium2')?.refreshTokens).toBe(0);
  });

  it('a failing identity provider at high risk is named on the incident; the block still stands', async () => {
    runtime.adapters.userPool.failNext('TooManyRequestsException', 5);
    const { incident, summary, teamPages } = await deliverAndSummarize(
      runtime,
      risky('rs-fail', 'broken', { riskScore: 95, sourceIps: ['198.51.100.95'] }),
    );
    expect(summary.execution.status).toBe('SUCCEEDED');
    expect(incident.status).toBe('partial');
    expect(summary.failures.some((f) => /TooManyRequestsException/.test(f.detail))).toBe(true);
    expect(summary.blocked).toEqual(['198.51.100.95/32']);
    expect(teamPages[0]?.subject).toContain('PARTIALLY CONTAINED');
  });

  // The risk comes from what the alert carries (lambdas/core/risk.ts): riskScore, else an Entra ID Protection
  // or Okta risk level, else the severity. No riskScore in any of these.
  it.each([
    { user: 'sev20', severity: 20, tier: 'low', revoked: [], resets: [], blocked: [] },
    { user: 'sev55', severity: 55, tier: 'medium', revoked: ['sev55'], resets: [], blocked: [] },
    {
      user: 'sev90',
      severity: 90,
      tier: 'high',
      revoked: ['sev90'],
      resets: ['sev90'],
      blocked: ['198.51.100.190/32'],
    },
  ])('severity $severity without riskScore: $tier tier through the playbook', async (c) => {
    const { summary, timeline, teamPages } = await deliverAndSummarize(
      runtime,
      risky(`rs-sev-${c.severity}`, c.user, { severity: c.severity, sourceIps: ['198.51.100.190'] }),
    );
    expect(summary.risk).toMatchObject({ score: c.severity, tier: c.tier });
    expect(summary.sessionsRevoked).toEqual(c.revoked);
    expect(summary.passwordResets).toEqual(c.resets);
    expect(summary.blocked).toEqual(c.blocked);
    expect(teamPages).toHaveLength(c.tier === 'low' ? 0 : 1);
    const opened = timeline.find((e) => e.action === 'open-incident')?.data?.alert as { reasons: string[] };
    expect(opened.reasons[0]).toBe(`risk ${c.severity} taken from severity (no riskScore or riskLevel)`);
  });

  it("an Entra ID Protection riskLevel 'medium' forces step-up; an Okta risk level 'HIGH' contains", async () => {
    const entra = await deliverAndSummarize(
      runtime,
      risky('rs-entra', 'entra', { severity: 90, riskLevel: 'medium', sourceIps: ['198.51.100.191'] }),
    );
    expect(entra.summary.risk).toMatchObject({ score: 55, tier: 'medium', stepUp: ['entra'] });
    expect(entra.summary.blocked).toEqual([]);
    const okta = await deliverAndSummarize(
      runtime,
      risky('rs-okta', 'okta', { severity: 10, riskLevel: 'HIGH', sourceIps: ['198.51.100.192'] }),
    );
    expect(okta.summary.risk).toMatchObject({ score: 90, tier: 'high' });
    expect(okta.summary.passwordResets).toEqual(['okta']);
    expect(okta.summary.blocked).toEqual(['198.51.100.192/32']);
  });

  it('an unknown risk level is rejected, naming the field; nothing is done', async () => {
    await expect(
      runtime.deliver(risky('rs-bad-level', 'okta', { severity: 90, riskLevel: 'extreme' })),
    ).rejects.toThrow(/riskLevel: must be an Entra ID or Okta risk level/);
  });
});
