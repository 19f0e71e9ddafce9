import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { appendLogRecords } from '../../lambdas/adapters/logs/local.ts';
import { NamedError } from '../../lambdas/adapters/named-error.ts';
import type { LocalRuntime } from '../../lib/local/runtime.ts';
import { deliverAndSummarize, detection, startRuntime } from '../support/local.ts';
import { windowsEvent } from '../support/windows-events.ts';

let runtime: LocalRuntime;
const SPRAYED = ['lrodriguez', 'pgustavo', 'sysmonsvc', 'sbeavers', 'mscott', 'pbeesly', 'nxlogsvc'];

beforeAll(async () => {
  // Each test is an alert of its own, some about the same sources or people: no campaign correlation.
  runtime = await startRuntime({ correlate: false });
  for (const name of ['alice', 'bob', 'carol', 'dave', 'erin', ...SPRAYED])
    await runtime.seedUser({ name, sessions: 2, enabled: true });
  // Modelled on the Mordor spray: seven 4625s from WORKSTATION5 with no address, one password, one second.
  await appendLogRecords(
    runtime.paths.logs,
    SPRAYED.map((user, i) =>
      windowsEvent(4625, new Date(Date.parse('2026-11-20T03:05:00Z') + i * 150), {
        TargetUserName: user,
        TargetDomainName: 'THESHIRE',
        IpAddress: '-',
        WorkstationName: '-',
        LogonType: '2',
        Status: '0xc000006d',
        SubStatus: '0xc000006a',
        Hostname: 'WORKSTATION5.theshire.local',
      }),
    ),
  );
});
afterAll(() => runtime.close());

const spray = (id: string, detail: Record<string, unknown>) =>
  detection(id, { type: 'password-spray', severity: 75, ...detail });

describe('password-spray playbook, end to end on the local runtime', () => {
  it('an outside spray: blocks the source and contains only the account that signed in', async () => {
    const { incident, summary, teamPages } = await deliverAndSummarize(
      runtime,
      spray('ps-out', {
        sourceIps: ['203.0.113.7'],
        targetedUsers: ['alice', 'bob', 'carol', 'dave'],
        compromisedUsers: ['dave'],
      }),
    );
    expect(incident.playbook).toBe('password-spray');
    expect(summary.blocked).toEqual(['203.0.113.7/32']);
    expect(summary.sessionsRevoked).toEqual(['dave']);
    expect(summary.passwordResets).toEqual(['dave']);
    expect(runtime.adapters.userPool.user('alice')).toMatchObject({ status: 'CONFIRMED', refreshTokens: 2 });
    expect(summary.hostsToInvestigate).toEqual([]);
    expect(summary.evidence?.objects).toBe(3);
    expect(incident.status).toBe('contained');
    expect(teamPages).toHaveLength(1);
  });

  it('an inside spray: the private address and the host go to investigation with their failures, never to WAF', async () => {
    const { incident, summary, teamPages, report } = await sprayFromInside('ps-in');
    expect(summary.blocked).toEqual([]);
    expect(runtime.liveAddresses()).not.toContain('172.18.39.5/32');
    expect(summary.refused).toEqual([{ address: '172.18.39.5', reason: expect.stringMatching(/private/) }]);
    const workstation = summary.hostsToInvestigate.find((h) => h.host === 'WORKSTATION5');
    expect(workstation).toMatchObject({ failures: 7, successes: 0, accounts: [...SPRAYED].sort() });
    expect(summary.hostsToInvestigate.map((h) => h.host)).toEqual(['172.18.39.5', 'WORKSTATION5']);
    expect(summary.passwordResets).toEqual([]);
    // The attacker inside is not contained until someone looks at the machine.
    expect(incident.status).toBe('open');
    expect(teamPages[0]?.message).toMatch(
      /investigate internal host\(s\), never sent to WAF: .*WORKSTATION5 \(7 failed/,
    );
    expect(report).toMatch(/\| WORKSTATION5 \| 7 \| 0 \|/);
  });

  it('when the logs cannot be read, the hosts are still named and the failure is on the incident', async () => {
    const read = vi
      .spyOn(runtime.adapters.logs, 'read')
      .mockRejectedValue(new NamedError('ThrottlingException', 'Rate exceeded'));
    try {
      const { incident, summary, teamPages } = await sprayFromInside('ps-nologs');
      expect(summary.execution.status).toBe('SUCCEEDED');
      expect(summary.hostsToInvestigate.map((h) => h.host)).toEqual(['172.18.39.5', 'WORKSTATION5']);
      expect(summary.hostsToInvestigate[1]).toMatchObject({ failures: 0, accounts: [] });
      expect(summary.failures.map((f) => f.action)).toEqual(['investigate-host']);
      expect(summary.blocked).toEqual([]);
      expect(incident.status).toBe('partial');
      expect(teamPages[0]?.message).toMatch(/✗ name-hosts-to-investigate log source: ThrottlingException/);
    } finally {
      read.mockRestore();
    }
  });
});

async function sprayFromInside(id: string) {
  const result = await deliverAndSummarize(
    runtime,
    spray(id, {
      sourceIps: ['172.18.39.5'],
      sourceHosts: ['WORKSTATION5'],
      targetedUsers: SPRAYED,
      compromisedUsers: [],
      window: { start: '2026-11-20T03:00:00Z', end: '2026-11-20T03:10:00Z' },
    }),
  );
  const { renderReport } = await import('../../lib/cli/report.ts');
  return { ...result, report: renderReport(result.incident, result.summary, result.timeline) };
}
