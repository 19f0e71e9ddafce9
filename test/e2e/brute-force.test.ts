import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../lib/local/runtime.ts';
import { deliverAndSummarize, detection, startRuntime } from '../support/local.ts';

let runtime: LocalRuntime;

beforeAll(async () => {
  // Each test is an alert of its own, some about the same sources or people: no campaign correlation.
  runtime = await startRuntime({ correlate: false });
  for (const name of ['alice', 'bob', 'carol', 'dave'])
    await runtime.seedUser({ name, sessions: 2, enabled: true });
});
afterAll(() => runtime.close());

const bruteForce = (id: string, detail: Record<string, unknown>) =>
  detection(id, { type: 'brute-force', severity: 60, compromisedUsers: [], ...detail });

describe('brute-force playbook, end to end on the local runtime', () => {
  it('without a successful sign-in: blocks the source, leaves the password alone, tells the owner', async () => {
    const { incident, summary, teamPages, ownerNotices } = await deliverAndSummarize(
      runtime,
      bruteForce('bf-1', { sourceIps: ['203.0.113.60'], targetedUsers: ['alice'] }),
    );
    expect(incident.playbook).toBe('brute-force');
    expect(summary.blocked).toEqual(['203.0.113.60/32']);
    expect(summary.passwordResets).toEqual([]);
    expect(summary.sessionsRevoked).toEqual([]);
    expect(runtime.adapters.userPool.user('alice')).toMatchObject({ status: 'CONFIRMED', refreshTokens: 2 });
    expect(summary.ownerNotified).toEqual(['alice']);
    expect(ownerNotices).toHaveLength(1);
    expect(ownerNotices[0]?.message).toMatch(/did not get in\. Your password is unchanged/);
    expect(summary.evidence?.objects).toBe(3);
    expect(incident.status).toBe('contained');
    expect(teamPages).toHaveLength(1);
    expect(teamPages[0]?.message).toMatch(/passwords left alone/);
  });

  it('with a success after the failures: blocks and contains the account (revoke and reset)', async () => {
    const { summary, ownerNotices } = await deliverAndSummarize(
      runtime,
      bruteForce('bf-2', { sourceIps: ['203.0.113.61'], targetedUsers: ['bob'], compromisedUsers: ['bob'] }),
    );
    expect(summary.blocked).toEqual(['203.0.113.61/32']);
    expect(summary.sessionsRevoked).toEqual(['bob']);
    expect(summary.passwordResets).toEqual(['bob']);
    expect(runtime.adapters.userPool.user('bob')).toMatchObject({
      status: 'FORCE_CHANGE_PASSWORD',
      refreshTokens: 0,
    });
    expect(ownerNotices[0]?.message).toMatch(/must choose a new password/);
  });

  it('a failing owner notice is named on the incident; the block and evidence still stand', async () => {
    // The first publish of the run is the owner notice (the team page comes after the outcome).
    runtime.adapters.topic.failNext('ThrottledException');
    const { incident, summary, teamPages } = await deliverAndSummarize(
      runtime,
      bruteForce('bf-3', { sourceIps: ['203.0.113.62'], targetedUsers: ['carol'] }),
    );
    expect(summary.execution.status).toBe('SUCCEEDED');
    expect(incident.status).toBe('partial');
    expect(summary.ownerNotified).toEqual([]);
    expect(summary.failures).toContainEqual({
      action: 'notify-owner',
      detail: expect.stringMatching(/could not tell the owner of carol: ThrottledException.*by hand/),
    });
    expect(summary.blocked).toEqual(['203.0.113.62/32']);
    expect(summary.evidence).not.toBeNull();
    expect(teamPages[0]?.message).toMatch(/✗ notify-owner carol: ThrottledException/);
  });

  it('never sends a private source to WAF', async () => {
    const { summary } = await deliverAndSummarize(
      runtime,
      bruteForce('bf-4', { sourceIps: ['10.20.30.40'], targetedUsers: ['dave'] }),
    );
    expect(summary.blocked).toEqual([]);
    expect(summary.refused).toEqual([{ address: '10.20.30.40', reason: expect.stringMatching(/private/) }]);
    expect(runtime.liveAddresses()).not.toContain('10.20.30.40/32');
  });
});
