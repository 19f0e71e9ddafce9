import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendLogRecords } from '../../lambdas/adapters/logs/local.ts';
import type { Detection } from '../../lambdas/core/alerts.ts';
import { detect } from '../../lambdas/core/detect/index.ts';
import { DEFAULT_DETECTION } from '../../lambdas/core/detect/thresholds.ts';
import { parseAuthLog } from '../../lambdas/core/ingest/index.ts';
import { renderReport } from '../../lib/cli/report.ts';
import type { LocalRuntime } from '../../lib/local/runtime.ts';
import { deliverAndSummarize, startRuntime } from '../support/local.ts';
import {
  burstingTask,
  owaAttack,
  phoneViaActiveSync,
  unexplainedLockouts,
  type WindowsRecord,
} from '../support/windows-shapes.ts';

// The detector's own account-lockout detections, run through the real account-lockout playbook on the local
// runtime, with the recordings (built per Microsoft's Security auditing reference: test/support/windows-shapes.ts)
// in the log source the investigation reads back.
let runtime: LocalRuntime;
const OWA = Date.parse('2026-11-19T08:00:00Z');
const TASK = Date.parse('2026-11-18T08:00:00Z');
const PHONE = Date.parse('2026-11-17T08:00:00Z');
const UNEXPLAINED = Date.parse('2026-11-16T08:00:00Z');
const cases = {
  owa: owaAttack(OWA),
  task: burstingTask(TASK),
  phone: phoneViaActiveSync(PHONE),
  unexplained: unexplainedLockouts(UNEXPLAINED),
};

const timeOf = (r: WindowsRecord) =>
  (r.Event as { System: { TimeCreated: { SystemTime: string } } }).System.TimeCreated.SystemTime;

beforeAll(async () => {
  runtime = await startRuntime({ correlate: false });
  for (const name of ['ann', 'ben', 'cleo', 'dan', 'eve', 'svc-backup', 'dana', 'gus'])
    await runtime.seedUser({ name, sessions: 2, enabled: true });
  await appendLogRecords(
    runtime.paths.logs,
    Object.values(cases)
      .flat()
      .sort((a, b) => timeOf(a).localeCompare(timeOf(b)))
      .map((record) => ({ source: 'windows-security', timestamp: timeOf(record), record })),
  );
});
afterAll(() => runtime.close());

/** What the detector finds in one case's records: exactly one account-lockout detection. */
function detectionOf(records: WindowsRecord[]): Detection {
  const parsed = parseAuthLog(records.map((r) => JSON.stringify(r)).join('\n'));
  const found = detect(parsed.events, DEFAULT_DETECTION);
  expect(found.map((d) => d.type)).toEqual(['account-lockout']);
  return found[0] as Detection;
}

async function play(records: WindowsRecord[]) {
  const d = detectionOf(records);
  const result = await deliverAndSummarize(runtime, {
    source: 'riposte.detection',
    'detail-type': 'Identity attack detected',
    detail: d,
  });
  return { ...result, report: renderReport(result.incident, result.summary, result.timeline) };
}

describe('account-lockout playbook on lockouts as Windows logs them', () => {
  it('an attacker through Outlook on the web: its address blocked, EXCH01 named as the relay and not blocked', async () => {
    const { summary, teamPages, report, timeline } = await play(cases.owa);
    expect(summary.lockout?.verdict).toBe('attacker');
    expect(summary.lockout?.relays).toMatchObject([
      { computer: 'EXCH01', lockouts: 1, sources: ['203.0.113.66'] },
    ]);
    expect(summary.blocked).toEqual(['203.0.113.66/32']);
    expect(runtime.liveAddresses()).toEqual(['203.0.113.66/32']);
    expect(summary.passwordResets).toEqual([]);
    expect(teamPages[0]?.message).toMatch(/EXCH01 as the caller: it is a relay \(IIS/);
    expect(report).toMatch(/\| Relay \(named by the lockouts, not the source; not blocked\) \| EXCH01: IIS/);
    // The chain is data on the timeline, not only words: lockout → caller computer → sources with verdicts.
    const findings = timeline.find((e) => e.action === 'investigate-lockout')?.data?.findings as {
      chain: unknown[];
    };
    expect(findings.chain).toEqual([
      {
        callerComputer: 'EXCH01',
        relay: expect.stringMatching(/^IIS/),
        sources: [{ caller: '203.0.113.66', verdict: 'attacker' }],
      },
    ]);
  });

  it('a scheduled task retrying in bursts: stale credentials, APP07 named, no reset, nothing blocked, its checklist first', async () => {
    const { incident, summary, teamPages, report } = await play(cases.task);
    expect(summary.lockout).toMatchObject({
      account: 'svc-backup',
      verdict: 'stale-credentials',
      lockouts: 3,
    });
    expect(summary.lockout?.callers[0]).toMatchObject({
      computer: 'APP07',
      kind: 'scheduled-task',
      cadence: expect.stringMatching(/^steady, every 1200 s, 3 retries a run/),
    });
    expect(summary.blocked).toEqual([]);
    expect(summary.passwordResets).toEqual([]);
    expect(summary.sessionsRevoked).toEqual([]);
    expect(incident.status).toBe('open');
    expect(teamPages[0]?.message).toMatch(
      /Do NOT reset svc-backup's password.*check scheduled tasks on APP07 running as svc-backup/,
    );
    expect(report).toMatch(/\| Which caller computer \| APP07 \|/);
    expect(report).toMatch(/- \[ \] scheduled tasks on APP07 running as svc-backup/);
  });

  it('a phone via Exchange ActiveSync: stale credentials, the carrier address not blocked, no reset, server and address named', async () => {
    const { summary, teamPages, report } = await play(cases.phone);
    expect(summary.lockout?.verdict).toBe('stale-credentials');
    expect(summary.lockout?.callers[0]).toMatchObject({
      address: '198.51.100.23',
      via: 'EXCH01',
      kind: 'mail-client',
    });
    expect(summary.blocked).toEqual([]);
    expect(runtime.liveAddresses()).not.toContain('198.51.100.23/32');
    expect(summary.passwordResets).toEqual([]);
    expect(runtime.adapters.userPool.user('dana')).toMatchObject({ refreshTokens: 2 });
    expect(teamPages[0]?.message).toMatch(/198\.51\.100\.23 through EXCH01/);
    expect(teamPages[0]?.message).toMatch(
      /mail on a phone or tablet of dana .*Get-MobileDevice -Mailbox dana/,
    );
    expect(report).toMatch(/\| — \| 198\.51\.100\.23 \| EXCH01 \| stale-credentials \(mail-client\) \|/);
  });

  it('never silent: three lockouts and no failure in the logs open an incident naming the caller, nothing done', async () => {
    const { incident, summary, teamPages } = await play(cases.unexplained);
    expect(summary.lockout).toMatchObject({ account: 'gus', verdict: 'unclear', lockouts: 3 });
    expect(summary.lockout?.callers).toMatchObject([
      { computer: 'LAPTOP-9', failures: 0, verdict: 'unclear' },
    ]);
    expect(summary.blocked).toEqual([]);
    expect(summary.passwordResets).toEqual([]);
    expect(incident.status).toBe('open');
    expect(teamPages[0]?.message).toMatch(/cannot tell why gus keeps locking out: LAPTOP-9/);
  });
});
