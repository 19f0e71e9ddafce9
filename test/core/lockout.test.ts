import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AuthEvent } from '../../lambdas/core/auth-event.ts';
import { parseAuthLog } from '../../lambdas/core/ingest/index.ts';
import { analyzeLockouts, cadenceOf } from '../../lambdas/core/lockout.ts';
import { dcEvent } from '../support/windows-events.ts';
import { burstingTask, owaAttack, phoneViaActiveSync, W3WP } from '../support/windows-shapes.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-03-02T08:00:00Z');

/** Built sequences (no public sample has a lockout storm): Windows events as the DC writes them, per Microsoft docs. */
const win = dcEvent;

/** svc-sql's password was changed at T0; APP07's backup agent keeps the old one and retries every 5 minutes. */
function staleService(): AuthEvent[] {
  const events = [win(4724, T0, { TargetUserName: 'svc-sql', SubjectUserName: 'admin' })];
  for (let i = 0; i < 6; i++) {
    const at = T0 + 20 * MIN + i * 5 * MIN + (i % 2) * 1500;
    events.push(win(4771, at, { TargetUserName: 'svc-sql', IpAddress: '::ffff:10.20.1.7', Status: '0x18' }));
    events.push(
      win(4625, at + 300, {
        TargetUserName: 'svc-sql',
        IpAddress: '10.20.1.7',
        WorkstationName: 'APP07',
        SubStatus: '0xC000006A',
        LogonType: '3',
        ProcessName: 'C:\\Program Files\\Backup\\agent.exe',
      }),
    );
  }
  events.push(win(4740, T0 + 46 * MIN, { TargetUserName: 'svc-sql', TargetDomainName: 'APP07' }));
  return events;
}

/** An outside address guessing passwords across many accounts at uneven intervals; two accounts lock out. */
function outsideAttacker(): AuthEvent[] {
  const users = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
  const gaps = [4, 37, 2, 90, 11, 65, 7, 150, 3, 44, 19, 5];
  const events: AuthEvent[] = [];
  let at = T0;
  gaps.forEach((gap, i) => {
    at += gap * 1000;
    events.push({
      time: at,
      format: 'okta',
      eventCode: 'user.session.start',
      activity: 'logon',
      outcome: 'failure',
      user: users[i % users.length] as string,
      failureReason: 'wrong-password',
      statusCode: 'INVALID_CREDENTIALS',
      sourceIp: '203.0.113.50',
    });
  });
  for (const user of ['alice', 'bob']) {
    events.push({
      time: at + 1000,
      format: 'okta',
      eventCode: 'user.account.lock',
      activity: 'lockout',
      outcome: 'success',
      user,
      sourceIp: '203.0.113.50',
    });
  }
  return events;
}

describe('analyzeLockouts', () => {
  it('tells a service retrying an old password after a password change: stale credentials, naming caller and process', () => {
    const a = analyzeLockouts(staleService(), { account: 'CORP\\svc-sql' });
    expect(a.account).toBe('svc-sql');
    expect(a.lockouts).toEqual([
      { time: T0 + 46 * MIN, account: 'svc-sql', caller: 'APP07', reportedBy: 'DC01.corp.example' },
    ]);
    expect(a.verdict).toBe('stale-credentials');
    expect(a.callers).toHaveLength(1);
    const [caller] = a.callers;
    expect(caller).toMatchObject({
      caller: 'APP07',
      sourceHosts: ['APP07'],
      sourceIps: ['10.20.1.7'],
      internal: true,
      accounts: ['svc-sql'],
      lockouts: 1,
      failures: 12,
      firstFailure: T0 + 20 * MIN,
      failureCodes: ['0x18', '0xc000006a'],
      failureReasons: ['wrong-password'],
      processes: ['C:\\Program Files\\Backup\\agent.exe'],
      passwordChangedBefore: { account: 'svc-sql', time: T0 },
      verdict: 'stale-credentials',
    });
    // Attempts every 5 minutes, give or take 1.5 s of jitter.
    expect(caller?.cadence?.regular).toBe(true);
    expect(Math.abs((caller?.cadence?.medianIntervalMs ?? 0) - 5 * MIN)).toBeLessThanOrEqual(1500);
    expect(a.reasons.join(' ')).toMatch(/APP07 still uses an old password for svc-sql/);
    expect(caller?.reasons.join('; ')).toMatch(
      /every 5 min.*20 min after svc-sql's password change.*agent\.exe/,
    );
  });

  it('tells an outside attacker across many accounts at uneven intervals', () => {
    const a = analyzeLockouts(outsideAttacker());
    expect(a.verdict).toBe('attacker');
    expect(a.lockouts.map((l) => l.account)).toEqual(['alice', 'bob']);
    const [caller] = a.callers;
    expect(caller).toMatchObject({
      caller: '203.0.113.50',
      internal: false,
      failures: 12,
      verdict: 'attacker',
    });
    expect(caller?.accounts).toHaveLength(6);
    expect(caller?.cadence?.regular).toBe(false);
    expect(caller?.reasons.join('; ')).toMatch(/public address 203\.0\.113\.50.*tried 6 accounts.*irregular/);
    const guessing = outsideAttacker().map((e, i) =>
      i % 3 ? e : { ...e, failureReason: 'unknown-user' as const },
    );
    expect(analyzeLockouts(guessing).callers[0]?.reasons.join('; ')).toMatch(
      /tried accounts that do not exist/,
    );
  });

  it('keeps the two apart when both are in the logs, and an account filter keeps only its callers', () => {
    const all = [...staleService(), ...outsideAttacker()];
    const overall = analyzeLockouts(all);
    expect(overall.verdict).toBe('attacker');
    expect(overall.callers.map((c) => [c.caller, c.verdict])).toEqual([
      ['203.0.113.50', 'attacker'],
      ['APP07', 'stale-credentials'],
    ]);
    expect(analyzeLockouts(all, { account: 'svc-sql' }).verdict).toBe('stale-credentials');
    expect(analyzeLockouts(all, { account: 'alice' }).callers.map((c) => c.caller)).toEqual(['203.0.113.50']);
  });

  it('only looks inside the window, except back to the password change that explains the failures', () => {
    const a = analyzeLockouts(staleService(), { window: { start: T0 + 30 * MIN, end: T0 + 41 * MIN } });
    expect(a.lockouts).toEqual([]);
    expect(a.callers[0]?.failures).toBe(6);
    expect(a.callers[0]?.passwordChangedBefore).toEqual({ account: 'svc-sql', time: T0 });
  });

  it('says unclear, and why, when an internal machine failed twice and no password change explains it', () => {
    const events = staleService().slice(1, 5);
    const a = analyzeLockouts(events);
    expect(a.verdict).toBe('unclear');
    expect(a.callers[0]?.cadence).toBeUndefined();
    expect(a.reasons.join(' ')).toMatch(/not enough to tell/);
  });

  it('reports a caller a lockout names even with no failures from it, and says unclear', () => {
    const a = analyzeLockouts([win(4740, T0, { TargetUserName: 'bob', TargetDomainName: 'LAPTOP9' })]);
    expect(a.callers).toMatchObject([{ caller: 'LAPTOP9', failures: 0, lockouts: 1, verdict: 'unclear' }]);
    expect(a.verdict).toBe('unclear');
    expect(a.reasons).toEqual(['no failed sign-ins found before the lockouts']);
  });

  it('calls the Mordor spray from WORKSTATION5 (real) an attacker: an internal host trying 7 accounts', () => {
    const log = parseAuthLog(
      readFileSync(new URL('../fixtures/security-auth-subset.jsonl', import.meta.url), 'utf8'),
    );
    const a = analyzeLockouts(log.events);
    expect(a.verdict).toBe('attacker');
    const spray = a.callers.find((c) => c.caller === 'WORKSTATION5');
    // 7 failed logons (4625) and their 7 NTLM validations (4776).
    expect(spray).toMatchObject({ internal: true, failures: 14, verdict: 'attacker' });
    expect(spray?.accounts).toHaveLength(7);
    expect(spray?.reasons.join('; ')).toMatch(
      /tried 7 accounts.*internal machine: investigate or isolate it/,
    );
  });

  it('leaves a public address retrying one account on a steady period unclear (a phone, or a patient attacker)', () => {
    const events: AuthEvent[] = Array.from({ length: 6 }, (_, i) => ({
      time: T0 + i * 10 * MIN,
      format: 'entra',
      eventCode: '50126',
      activity: 'logon',
      outcome: 'failure',
      user: 'hana',
      failureReason: 'wrong-password',
      sourceIp: '198.51.100.40',
    }));
    const a = analyzeLockouts(events);
    expect(a.callers[0]).toMatchObject({ internal: false, verdict: 'unclear' });
    expect(a.callers[0]?.reasons.join('; ')).toMatch(/public address 198\.51\.100\.40.*not enough to tell/);
    const jittered = events.map((e, i) => ({ ...e, time: e.time + (i % 2) * 7 * MIN }));
    expect(analyzeLockouts(jittered).verdict).toBe('attacker');
  });
});

describe('cadenceOf', () => {
  it('merges a burst into one attempt and measures the spread of the intervals', () => {
    expect(cadenceOf([0, 500, 60_000, 120_000, 180_000])).toEqual({
      medianIntervalMs: 60_000,
      regularity: 1,
      regular: true,
    });
    expect(cadenceOf([0, 10_000, 100_000, 115_000, 400_000])?.regular).toBe(false);
    expect(cadenceOf([0, 60_000])).toBeUndefined();
  });

  it('stays regular through one missed retry, not through an alternating rhythm', () => {
    const beats = (gaps: number[]) => {
      let at = 0;
      return [0, ...gaps.map((g) => (at += g * MIN))];
    };
    expect(cadenceOf(beats([5, 5, 5, 10, 5, 5]))).toEqual({
      medianIntervalMs: 5 * MIN,
      regularity: 0.83,
      regular: true,
    });
    expect(cadenceOf(beats([17, 3, 17, 3, 17]))?.regular).toBe(false);
  });
});

describe('analyzeLockouts follows the caller (recordings built per Microsoft docs: test/support/windows-shapes.ts)', () => {
  const T = Date.parse('2026-11-20T08:00:00Z');
  const events = (records: unknown[]) =>
    parseAuthLog(records.map((r) => JSON.stringify(r)).join('\n')).events;

  it('names EXCH01 as the relay, counts what the DC saw from it as forwarded, and judges the client behind it', () => {
    const a = analyzeLockouts(events(owaAttack(T)));
    expect(a.relays).toEqual([
      {
        computer: 'EXCH01',
        role: expect.stringMatching(/^IIS \(w3wp\.exe\)/),
        processes: [W3WP],
        lockouts: 5,
        accounts: ['ann', 'ben', 'cleo', 'dan', 'eve'],
        sources: ['203.0.113.66'],
        forwarded: 30,
      },
    ]);
    expect(a.callers).toHaveLength(1);
    expect(a.callers[0]).toMatchObject({
      caller: '203.0.113.66',
      via: 'EXCH01',
      sourceHosts: [],
      sourceIps: ['203.0.113.66'],
      lockouts: 5,
      logonTypes: [8],
      kind: 'mail-client',
      verdict: 'attacker',
    });
    expect(a.reasons[0]).toMatch(/^EXCH01 is a relay \(IIS/);
  });

  it('with only the DC’s records of EXCH01, says that EXCH01’s own log would name the real clients', () => {
    const dcOnly = owaAttack(T).filter(
      (r) => !JSON.stringify(r).includes('"Computer":"EXCH01.corp.example"'),
    );
    const a = analyzeLockouts(events(dcOnly));
    expect(a.relays).toEqual([]);
    expect(a.callers.map((c) => c.caller)).toEqual(['EXCH01']);
    expect(a.callers[0]?.reasons.at(-1)).toBe(
      'no record written by EXCH01 itself was read: if it signs users in for others (Exchange, IIS, AD FS, RD Gateway, NPS), its own Security log names the real clients',
    );
  });

  it('joins the DC’s Kerberos failures to the task that made them, even without a record of APP07’s address', () => {
    const withoutTicket = burstingTask(T).filter((r) => !JSON.stringify(r).includes('"EventID":4768'));
    const a = analyzeLockouts(events(withoutTicket));
    expect(a.callers.map((c) => c.caller)).toEqual(['APP07']);
    expect(a.callers[0]).toMatchObject({
      sourceIps: ['10.20.1.7'],
      failures: 48,
      lockouts: 3,
      retriesPerRun: 3,
      kind: 'scheduled-task',
      verdict: 'stale-credentials',
    });
    expect(a.callers[0]?.cadence).toMatchObject({ medianIntervalMs: 20 * MIN, regular: true });
  });

  it('a caller computer the DC knows only by address: its one address failing exactly the accounts it locked is its', () => {
    // Only the DC's records: 4771 0x18 from ::ffff:10.20.1.7 (no workstation in Kerberos events) and the 4740s.
    const dcOnly = burstingTask(T).filter((r) => {
      const text = JSON.stringify(r);
      return !text.includes('"Computer":"APP07.corp.example"') && !text.includes('"EventID":4768');
    });
    const a = analyzeLockouts(events(dcOnly));
    expect(a.callers.map((c) => [c.caller, c.sourceIps, c.lockouts, c.failures, c.verdict])).toEqual([
      ['APP07', ['10.20.1.7'], 3, 24, 'stale-credentials'],
    ]);
  });

  it('a phone on a carrier address is stale only while its owner signs in fine elsewhere', () => {
    // Without the password change before it, only the owner's own sign-ins tell a phone from an attacker.
    const phone = phoneViaActiveSync(T).filter((r) => !JSON.stringify(r).includes('"EventID":4723'));
    const withOwner = analyzeLockouts(events(phone));
    expect(withOwner.callers[0]).toMatchObject({
      caller: '198.51.100.23',
      via: 'EXCH01',
      internal: false,
      ownerSignedInElsewhere: { account: 'dana', from: 'PC-DANA' },
      verdict: 'stale-credentials',
    });
    const alone = analyzeLockouts(events(phone.filter((r) => !JSON.stringify(r).includes('PC-DANA'))));
    expect(alone.callers[0]).toMatchObject({ caller: '198.51.100.23', verdict: 'unclear' });
  });
});
