import { describe, expect, it } from 'vitest';
import type { Detection } from '../../lambdas/core/alerts.ts';
import { detect } from '../../lambdas/core/detect/index.ts';
import { DEFAULT_DETECTION } from '../../lambdas/core/detect/thresholds.ts';
import { parseAuthLog } from '../../lambdas/core/ingest/index.ts';
import {
  burstingTask,
  explicitSpray,
  kerberosEnumeration,
  kerberosSpray,
  lockout4740,
  ntlmSpray,
  owaAttack,
  phoneViaActiveSync,
  unexplainedLockouts,
  type WindowsRecord,
} from '../support/windows-shapes.ts';

// Beside the public recordings (public-samples.test.ts): lockouts and sprays built as the source systems write
// them, which computer logging which event, per Microsoft's Security auditing event reference (4740, 4625,
// 4648, 4768, 4771, 4776; see test/support/windows-shapes.ts for each shape). Each goes through the real
// Windows reader as JSON lines, then every detector.
const T0 = Date.parse('2026-11-20T08:00:00Z');
const MIN = 60_000;

function run(records: WindowsRecord[]): Detection[] {
  const parsed = parseAuthLog(records.map((r) => JSON.stringify(r)).join('\n'));
  expect(parsed.rejected).toEqual([]);
  return detect(parsed.events, DEFAULT_DETECTION);
}

describe('lockouts as the domain controller and the front-end servers log them', () => {
  it('an outside attacker through Outlook on the web: the attacker’s address is the source, EXCH01 only the relay', () => {
    const detections = run(owaAttack(T0));
    expect(detections.map((d) => d.type)).toEqual(['account-lockout']);
    const [d] = detections;
    expect(d).toMatchObject({
      severity: 70,
      sourceIps: ['203.0.113.66'],
      targetedUsers: ['ann', 'ben', 'cleo', 'dan', 'eve'],
      compromisedUsers: [],
    });
    // The relay is named, never a source to block or a spray of its own.
    expect(d?.sourceHosts).not.toContain('EXCH01');
    expect(d?.title).toBe('Account lockouts from 203.0.113.66 through EXCH01: an attacker');
    expect(d?.reasons.join('\n')).toMatch(/EXCH01 is a relay \(IIS \(w3wp\.exe\).*not blocked/);
  });

  it('a scheduled task retrying 3 times a second apart at every run: stale credentials, caller named, never brute force', () => {
    const detections = run(burstingTask(T0));
    expect(detections.map((d) => d.type)).toEqual(['account-lockout']);
    expect(detections[0]).toMatchObject({
      severity: 30,
      sourceIps: [],
      // APP07 and its address (from the DC's Kerberos failures of the same tries): to look at, not to block.
      sourceHosts: ['10.20.1.7', 'APP07'],
      targetedUsers: ['svc-backup'],
      compromisedUsers: [],
    });
    expect(detections[0]?.reasons).toContain('verdict: stale-credentials');
    expect(detections[0]?.reasons.join('\n')).toMatch(/every 20 min, 3 retries a run/);
  });

  it('a phone polling Exchange ActiveSync from the carrier with the old password: stale credentials, its address not to block', () => {
    const detections = run(phoneViaActiveSync(T0));
    expect(detections.map((d) => d.type)).toEqual(['account-lockout']);
    const [d] = detections;
    expect(d).toMatchObject({ severity: 30, sourceIps: [], targetedUsers: ['dana'], compromisedUsers: [] });
    expect(d?.sourceHosts).toEqual(['198.51.100.23']);
    expect(d?.title).toBe(
      'Account lockouts from 198.51.100.23 through EXCH01: a machine or device still using an old password',
    );
    expect(d?.reasons.join('\n')).toMatch(/dana signed in fine from PC-DANA meanwhile/);
  });

  it('never silent: three lockouts with no failure in the logs are an incident naming the caller, unclear', () => {
    const detections = run(unexplainedLockouts(T0));
    expect(detections).toMatchObject([
      { type: 'account-lockout', severity: 50, targetedUsers: ['gus'], sourceHosts: ['LAPTOP-9'] },
    ]);
    expect(detections[0]?.reasons).toContain('verdict: unclear');
  });

  it('never silent: three lockouts naming three different callers, none enough alone, are one incident for the account', () => {
    const detections = run([
      lockout4740(T0, 'hal', 'LAPTOP-9'),
      lockout4740(T0 + 50 * MIN, 'hal', 'KIOSK-2'),
      lockout4740(T0 + 100 * MIN, 'hal', 'SRV-PRINT'),
    ]);
    expect(detections).toHaveLength(1);
    expect(detections[0]).toMatchObject({
      type: 'account-lockout',
      severity: 50,
      targetedUsers: ['hal'],
      sourceHosts: ['KIOSK-2', 'LAPTOP-9', 'SRV-PRINT'],
      title: 'hal locked out 3 times: cause not clear',
    });
    expect(detections[0]?.reasons.slice(1)).toEqual([
      expect.stringMatching(/^the lockouts name LAPTOP-9; sources: LAPTOP-9 \(unclear/),
      expect.stringMatching(/^the lockouts name KIOSK-2; /),
      expect.stringMatching(/^the lockouts name SRV-PRINT; /),
    ]);
  });
});

describe('sprays as Windows writes them', () => {
  it('4648: one subject on one machine trying 40 accounts with explicit credentials', () => {
    const detections = run(explicitSpray(T0));
    expect(detections).toHaveLength(1);
    expect(detections[0]).toMatchObject({
      type: 'password-spray',
      technique: 'T1110.003',
      sourceIps: [],
      sourceHosts: ['WS-17'],
    });
    expect(detections[0]?.targetedUsers).toHaveLength(40);
    expect(detections[0]?.reasons[0]).toMatch(
      /40 accounts tried with explicit credentials \(4648\) on WS-17 by mallory/,
    );
  });

  it('4648 by the computer account (Windows signing 40 people in on a terminal server) is no spray', () => {
    const records = explicitSpray(T0).map((r) =>
      JSON.parse(JSON.stringify(r).replace('"mallory"', '"RDS01$"')),
    );
    expect(run(records)).toEqual([]);
  });

  it('4771 0x18: Kerberos pre-authentication failures across 30 accounts from one address', () => {
    expect(run(kerberosSpray(T0))).toMatchObject([
      { type: 'password-spray', sourceHosts: ['10.9.9.9'], sourceIps: [], targetedUsers: expect.any(Array) },
    ]);
  });

  it('4768 0x6: Kerberos account enumeration across 25 names that do not exist', () => {
    const [d] = run(kerberosEnumeration(T0));
    expect(d).toMatchObject({ type: 'password-spray', sourceHosts: ['10.9.9.8'] });
    expect(d?.targetedUsers).toHaveLength(25);
  });

  it('4776: an NTLM spray against the domain controller from a host named KALI', () => {
    const [d] = run(ntlmSpray(T0));
    expect(d).toMatchObject({ type: 'password-spray', sourceHosts: ['KALI'] });
    expect(d?.targetedUsers).toHaveLength(20);
  });

  it('all of them in one log: each found, none mistaken for another', () => {
    const all = [
      ...owaAttack(T0),
      ...burstingTask(T0),
      ...phoneViaActiveSync(T0),
      ...explicitSpray(T0 + 5 * 60 * MIN),
      ...kerberosSpray(T0 + 6 * 60 * MIN),
      ...ntlmSpray(T0 + 7 * 60 * MIN),
    ];
    const detections = run(all);
    expect(detections.map((d) => d.title).sort()).toEqual([
      'Account lockouts from 198.51.100.23 through EXCH01: a machine or device still using an old password',
      'Account lockouts from 203.0.113.66 through EXCH01: an attacker',
      'Account lockouts from APP07: a machine or device still using an old password',
      'Password spray from 10.9.9.9 against 30 accounts',
      'Password spray from KALI against 20 accounts',
      'Password spray with explicit credentials from WS-17 as mallory against 40 accounts',
    ]);
  });
});
