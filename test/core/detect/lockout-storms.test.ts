import { describe, expect, it } from 'vitest';
import type { AuthEvent } from '../../../lambdas/core/auth-event.ts';
import { detect } from '../../../lambdas/core/detect/index.ts';
import { DEFAULT_DETECTION } from '../../../lambdas/core/detect/thresholds.ts';
import { dcEvent } from '../../support/windows-events.ts';

// Built sequences (no public sample has a lockout storm): Windows events as the domain controller writes
// them (Microsoft's security auditing reference), read by riposte's own Windows reader.
const MIN = 60_000;
const T0 = Date.parse('2026-03-02T08:00:00Z');
const win = dcEvent;

/** svc-sql's password changed; APP07's backup agent keeps the old one and retries every 30 s, locking it out. */
function staleService(): AuthEvent[] {
  const events = [win(4724, T0, { TargetUserName: 'svc-sql', SubjectUserName: 'admin' })];
  for (let i = 0; i < 24; i++) {
    events.push(
      win(4625, T0 + 5 * MIN + i * 30_000, {
        TargetUserName: 'svc-sql',
        IpAddress: '10.20.1.7',
        WorkstationName: 'APP07',
        SubStatus: '0xC000006A',
        LogonType: '3',
        ProcessName: 'C:\\Program Files\\Backup\\agent.exe',
      }),
    );
  }
  for (const at of [T0 + 8 * MIN, T0 + 12 * MIN, T0 + 16 * MIN])
    events.push(win(4740, at, { TargetUserName: 'svc-sql', TargetDomainName: 'APP07' }));
  return events;
}

/** An outside address guessing at uneven intervals against three accounts, locking each out. */
function outsideAttacker(): AuthEvent[] {
  const events: AuthEvent[] = [];
  const gaps = [4, 37, 2, 90, 11, 65, 7, 150, 3, 44, 19, 5, 23, 8, 61];
  let at = T0;
  gaps.forEach((gap, i) => {
    at += gap * 1000;
    events.push(
      win(4625, at, {
        TargetUserName: ['alice', 'bob', 'carol'][i % 3] as string,
        IpAddress: '198.51.100.50',
        WorkstationName: '-',
        SubStatus: '0xC000006A',
        LogonType: '10',
      }),
    );
  });
  for (const user of ['alice', 'bob', 'carol'])
    events.push(win(4740, at + 1000, { TargetUserName: user, TargetDomainName: '198.51.100.50' }));
  return events;
}

describe('account-lockout storms (T1110)', () => {
  it('names a machine still using an old password: its host and address to investigate, nobody to reset, no brute force', () => {
    const detections = detect(staleService(), DEFAULT_DETECTION);
    expect(detections.map((d) => d.type)).toEqual(['account-lockout']);
    const [d] = detections;
    expect(d).toMatchObject({
      technique: 'T1110',
      sourceIps: [],
      targetedUsers: ['svc-sql'],
      compromisedUsers: [],
      severity: 30,
    });
    expect(d?.sourceHosts).toEqual(expect.arrayContaining(['APP07']));
    expect(d?.reasons).toContain('verdict: stale-credentials');
    expect(d?.title).toBe('Account lockouts from APP07: a machine or device still using an old password');
  });

  it('names an outside attacker by its public address, next to the stale machine, each with its verdict', () => {
    const detections = detect([...staleService(), ...outsideAttacker()], DEFAULT_DETECTION);
    const lockouts = detections.filter((d) => d.type === 'account-lockout');
    expect(lockouts.map((d) => d.reasons[1]).sort()).toEqual([
      'verdict: attacker',
      'verdict: stale-credentials',
    ]);
    const attacker = lockouts.find((d) => d.reasons.includes('verdict: attacker'));
    expect(attacker).toMatchObject({
      sourceIps: ['198.51.100.50'],
      targetedUsers: ['alice', 'bob', 'carol'],
      severity: 70,
    });
  });

  it('is quiet when one person locks themselves out once', () => {
    // A person retries unevenly: quick, then slower as they think, then quick again.
    const events = [0, 4, 12, 31, 34].map((s) =>
      win(4625, T0 + s * 1000, {
        TargetUserName: 'dave',
        IpAddress: '10.1.1.20',
        WorkstationName: 'LAPTOP-DAVE',
        SubStatus: '0xC000006A',
        LogonType: '2',
      }),
    );
    events.push(win(4740, T0 + 35_000, { TargetUserName: 'dave', TargetDomainName: 'LAPTOP-DAVE' }));
    expect(detect(events, DEFAULT_DETECTION)).toEqual([]);
  });
});
