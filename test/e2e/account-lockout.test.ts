import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { appendLogRecords } from '../../lambdas/adapters/logs/local.ts';
import { NamedError } from '../../lambdas/adapters/named-error.ts';
import { renderReport } from '../../lib/cli/report.ts';
import type { LocalRuntime } from '../../lib/local/runtime.ts';
import { deliverAndSummarize, detection, startRuntime } from '../support/local.ts';
import { series, windowsEvent } from '../support/windows-events.ts';

let runtime: LocalRuntime;
const SERVICE = 'C:\\Program Files\\Contoso Reports\\reportsvc.exe';

beforeAll(async () => {
  // Each test is an alert of its own, some about the same sources or people: no campaign correlation.
  runtime = await startRuntime({ correlate: false });
  for (const name of ['svc-reports', 'carol', 'dave', 'erin', 'frank'])
    await runtime.seedUser({ name, sessions: 2, enabled: true });
  await appendLogRecords(runtime.paths.logs, [
    // Built: an internal server's report service keeps the password changed at 01:00, every 5 minutes.
    windowsEvent(4723, new Date('2026-11-20T01:00:00Z'), {
      TargetUserName: 'svc-reports',
      TargetDomainName: 'CORP',
    }),
    ...series(
      '2026-11-20T01:05:00Z',
      20,
      () => 300,
      (at) =>
        windowsEvent(4625, at, {
          TargetUserName: 'svc-reports',
          TargetDomainName: 'CORP',
          IpAddress: '10.0.4.20',
          WorkstationName: 'SRV-APP01',
          LogonType: '3',
          SubStatus: '0xc000006a',
          ProcessName: SERVICE,
        }),
    ),
    windowsEvent(4740, new Date('2026-11-20T01:30:01Z'), {
      TargetUserName: 'svc-reports',
      TargetDomainName: 'SRV-APP01',
    }),
    windowsEvent(4740, new Date('2026-11-20T02:30:01Z'), {
      TargetUserName: 'svc-reports',
      TargetDomainName: 'SRV-APP01',
    }),
    // Built: an outside attacker guessing several accounts, some that do not exist, at an irregular pace.
    ...series(
      '2026-11-20T02:40:00Z',
      30,
      (i) => [3, 40, 7, 90, 11, 26][i % 6] ?? 5,
      (at, i) => {
        const user = ['carol', 'dave', 'erin', 'admin', 'carol'][i % 5] ?? 'carol';
        return windowsEvent(4625, at, {
          TargetUserName: user,
          IpAddress: '198.51.100.80',
          WorkstationName: 'KALI',
          LogonType: '3',
          SubStatus: user === 'admin' ? '0xc0000064' : '0xc000006a',
        });
      },
    ),
    windowsEvent(4740, new Date('2026-11-20T02:50:00Z'), {
      TargetUserName: 'carol',
      TargetDomainName: 'KALI',
    }),
    // Built: both at once against frank — a file server's mapped drive every 10 minutes, and an attacker.
    ...series(
      '2026-11-20T04:00:00Z',
      6,
      () => 600,
      (at) =>
        windowsEvent(4625, at, {
          TargetUserName: 'frank',
          IpAddress: '10.0.5.5',
          WorkstationName: 'SRV-FILE02',
          LogonType: '3',
          SubStatus: '0xc000006a',
        }),
    ),
    ...series(
      '2026-11-20T04:10:00Z',
      12,
      (i) => [2, 30, 5, 70][i % 4] ?? 5,
      (at, i) =>
        windowsEvent(4625, at, {
          TargetUserName: ['frank', 'root', 'dave'][i % 3] ?? 'frank',
          IpAddress: '198.51.100.90',
          WorkstationName: 'DESKTOP-X1',
          LogonType: '3',
          SubStatus: '0xc000006a',
        }),
    ),
    windowsEvent(4740, new Date('2026-11-20T04:20:00Z'), {
      TargetUserName: 'frank',
      TargetDomainName: 'SRV-FILE02',
    }),
  ]);
});
afterAll(() => runtime.close());

const lockout = (id: string, detail: Record<string, unknown>) =>
  detection(id, { type: 'account-lockout', severity: 40, sourceIps: [], compromisedUsers: [], ...detail });

async function investigate(id: string, detail: Record<string, unknown>) {
  const result = await deliverAndSummarize(runtime, lockout(id, detail));
  return { ...result, report: renderReport(result.incident, result.summary, result.timeline) };
}

describe('account-lockout playbook, end to end on the local runtime', () => {
  it('stale credentials on an internal server: names the caller and the checklist, resets nothing, blocks nothing', async () => {
    const { incident, summary, teamPages, report } = await investigate('lo-stale', {
      targetedUsers: ['svc-reports'],
      sourceHosts: ['SRV-APP01'],
      window: { start: '2026-11-20T00:30:00Z', end: '2026-11-20T02:45:00Z' },
    });
    expect(summary.lockout).toMatchObject({
      account: 'svc-reports',
      verdict: 'stale-credentials',
      lockouts: 2,
    });
    expect(summary.lockout?.callers).toEqual([
      expect.objectContaining({
        computer: 'SRV-APP01',
        address: '10.0.4.20',
        firstFailure: '2026-11-20T01:05:00.000Z',
        lastFailure: '2026-11-20T02:40:00.000Z',
        failures: 20,
        cadence: expect.stringMatching(/^steady, every 300 s/),
        failureCodes: ['0xc000006a'],
        processes: [SERVICE],
      }),
    ]);
    expect(summary.passwordResets).toEqual([]);
    expect(summary.sessionsRevoked).toEqual([]);
    expect(summary.blocked).toEqual([]);
    expect(runtime.adapters.userPool.user('svc-reports')).toMatchObject({
      status: 'CONFIRMED',
      refreshTokens: 2,
    });
    expect(incident.status).toBe('open');
    expect(teamPages[0]?.message).toMatch(/SRV-APP01 \(10\.0\.4\.20\).*Do NOT reset svc-reports's password/);
    expect(teamPages[0]?.message).toMatch(
      /Credential Manager.*RDP.*VPN.*phone.*services.*scheduled tasks.*connection strings/,
    );
    expect(report).toMatch(/\| Which caller computer \| SRV-APP01 \|/);
    expect(report).toMatch(
      /\| Which process or application \| C:\\Program Files\\Contoso Reports\\reportsvc\.exe \|/,
    );
  });

  it('an outside attacker: blocks its public address and tells the owner, as for brute force', async () => {
    const { incident, summary, ownerNotices, report } = await investigate('lo-attacker', {
      targetedUsers: ['carol'],
      sourceIps: ['198.51.100.80'],
      window: { start: '2026-11-20T02:35:00Z', end: '2026-11-20T03:00:00Z' },
    });
    expect(summary.lockout?.verdict).toBe('attacker');
    expect(summary.lockout?.callers[0]).toMatchObject({ computer: 'KALI', address: '198.51.100.80' });
    expect(summary.blocked).toEqual(['198.51.100.80/32']);
    expect(summary.passwordResets).toEqual([]);
    expect(summary.ownerNotified).toEqual(['carol']);
    expect(ownerNotices).toHaveLength(1);
    expect(incident.status).toBe('contained');
    expect(report).toMatch(/\| Which caller computer \| KALI \|/);
  });

  it('an attacker whose guess succeeded: the account is contained too', async () => {
    const { summary } = await investigate('lo-attacker-in', {
      targetedUsers: ['carol'],
      compromisedUsers: ['carol'],
      sourceIps: ['198.51.100.80'],
      window: { start: '2026-11-20T02:35:00Z', end: '2026-11-20T03:00:00Z' },
    });
    expect(summary.lockout?.verdict).toBe('attacker');
    expect(summary.passwordResets).toEqual(['carol']);
    expect(summary.blocked).toEqual(['198.51.100.80/32']);
  });

  it('an attacker next to a stale caller: blocks only the attacker, resets nothing, and still names the stale caller', async () => {
    const { incident, summary, teamPages, report } = await investigate('lo-both', {
      targetedUsers: ['frank'],
      window: { start: '2026-11-20T03:55:00Z', end: '2026-11-20T05:00:00Z' },
    });
    expect(summary.lockout?.verdict).toBe('attacker');
    expect(summary.lockout?.callers.map((c) => [c.computer, c.verdict])).toEqual([
      ['DESKTOP-X1', 'attacker'],
      ['SRV-FILE02', 'stale-credentials'],
    ]);
    expect(summary.blocked).toEqual(['198.51.100.90/32']);
    expect(runtime.liveAddresses()).not.toContain('10.0.5.5/32');
    expect(summary.passwordResets).toEqual([]);
    expect(teamPages[0]?.message).toMatch(/SRV-FILE02 \(10\.0\.5\.5\).*Do NOT reset frank's password/);
    expect(report).toMatch(/\| Which caller computer \| DESKTOP-X1, SRV-FILE02 \|/);
    expect(report).toContain('Credential Manager');
    // The attacker is dealt with; the stale caller still waits for the help desk.
    expect(incident.status).toBe('open');
  });

  it('when the investigation cannot read the logs, nothing is blocked or reset and the page says so', async () => {
    const read = vi
      .spyOn(runtime.adapters.logs, 'read')
      .mockRejectedValue(new NamedError('ResourceNotFoundException', 'log group does not exist'));
    try {
      const { incident, summary, teamPages } = await investigate('lo-nologs', {
        targetedUsers: ['dave'],
        sourceIps: ['198.51.100.81'],
      });
      expect(summary.execution.status).toBe('SUCCEEDED');
      expect(summary.lockout).toBeUndefined();
      expect(summary.blocked).toEqual([]);
      expect(summary.passwordResets).toEqual([]);
      expect(incident.status).toBe('partial');
      expect(summary.failures.map((f) => f.action)).toContain('investigate-lockout');
      expect(teamPages[0]?.message).toMatch(/investigate-lockout FAILED: ResourceNotFoundException/);
    } finally {
      read.mockRestore();
    }
  });
});
