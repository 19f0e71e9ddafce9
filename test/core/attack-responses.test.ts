import { describe, expect, it } from 'vitest';
import { AlertSchema } from '../../lambdas/core/alerts.ts';
import type { AuthEvent } from '../../lambdas/core/auth-event.ts';
import { parseConfig } from '../../lambdas/core/config.ts';
import { type BranchSuccess, statusFromBranches } from '../../lambdas/core/incident.ts';
import { hostEvidence, internalSources } from '../../lambdas/core/internal-sources.ts';
import { analyzeLockouts } from '../../lambdas/core/lockout.ts';
import { type CallerReport, describeCaller, lockoutFindings } from '../../lambdas/core/lockout-findings.ts';
import { ownerNotice } from '../../lambdas/core/owner-notice.ts';
import { riskTier } from '../../lambdas/core/risk.ts';
import { PLAYBOOKS } from '../../playbooks/index.ts';

const ok = (step: string, extra: Partial<BranchSuccess> = {}): BranchSuccess => ({
  step,
  ok: true,
  summary: step,
  failures: [],
  ...extra,
});

const event = (e: Partial<AuthEvent>): AuthEvent => ({
  time: Date.parse('2026-11-20T03:00:00Z'),
  format: 'windows',
  eventCode: '4625',
  activity: 'logon',
  outcome: 'failure',
  user: 'alice',
  ...e,
});

describe('internal sources', () => {
  it('are the non-public addresses and the hosts known by name; public and malformed ones are left to the block step', () => {
    expect(
      internalSources({
        sourceIps: ['203.0.113.7', '10.1.2.3', '::ffff:172.18.39.5', 'fd00::1', 'not-an-ip'],
        sourceHosts: ['workstation5'],
      }),
    ).toEqual(['10.1.2.3', '172.18.39.5', 'fd00::1', 'WORKSTATION5']);
  });

  it('carry each host’s failures, successes, accounts and first/last time from the events', () => {
    const events = [
      event({ sourceHost: 'WORKSTATION5', user: 'bob', time: Date.parse('2026-11-20T03:00:02Z') }),
      event({ sourceHost: 'WORKSTATION5', user: 'alice' }),
      event({ sourceHost: 'WORKSTATION5', user: 'carol', outcome: 'success' }),
      event({ sourceIp: '10.1.2.3', user: 'dave' }),
      event({ sourceHost: 'OTHER', user: 'erin' }),
    ];
    const [ws, ip, none] = hostEvidence(['WORKSTATION5', '10.1.2.3', '10.9.9.9'], events);
    expect(ws).toEqual({
      host: 'WORKSTATION5',
      failures: 2,
      successes: 1,
      accounts: ['alice', 'bob', 'carol'],
      signedInAs: ['carol'],
      firstSeen: '2026-11-20T03:00:00.000Z',
      lastSeen: '2026-11-20T03:00:02.000Z',
    });
    expect(ip).toMatchObject({ failures: 1, accounts: ['dave'] });
    // No times when nothing was seen: absent, not undefined (stores refuse undefined).
    expect(none).toEqual({ host: '10.9.9.9', failures: 0, successes: 0, accounts: [], signedInAs: [] });
  });
});

describe('risk tiers', () => {
  it.each([
    [0, 'low'],
    [39, 'low'],
    [40, 'medium'],
    [69, 'medium'],
    [70, 'high'],
    [100, 'high'],
  ] as const)('a score of %i is %s', (score, tier) => expect(riskTier(score)).toBe(tier));

  it('high-risk containment is configurable but always revokes sessions', () => {
    expect(parseConfig({}).riskySignin.highRiskActions).toEqual(['revoke-sessions', 'force-password-reset']);
    expect(
      parseConfig({ riskySignin: { highRiskActions: ['revoke-sessions', 'disable'] } }).riskySignin,
    ).toEqual({
      highRiskActions: ['revoke-sessions', 'disable'],
    });
    expect(() => parseConfig({ riskySignin: { highRiskActions: ['disable'] } })).toThrow(
      /riskySignin.highRiskActions: must include revoke-sessions/,
    );
  });
});

describe('incident status with work handed to a human', () => {
  it('stays open when a branch handed work over and nothing failed', () => {
    expect(statusFromBranches([ok('watch-account', { handedOver: true }), ok('seal-evidence')])).toBe('open');
    expect(statusFromBranches([ok('block-ips'), ok('seal-evidence')])).toBe('contained');
  });

  it('is partial when something failed, handed over or not', () => {
    expect(
      statusFromBranches([
        ok('name-hosts-to-investigate', {
          handedOver: true,
          failures: [{ target: 'log source', error: 'x' }],
        }),
      ]),
    ).toBe('partial');
  });
});

describe('owner notices', () => {
  const alert = AlertSchema.parse({
    alertId: 'a',
    type: 'brute-force',
    playbook: 'brute-force',
    severity: 60,
    observedAt: '2026-11-20T03:12:00Z',
    targetedUsers: ['alice', 'bob'],
    compromisedUsers: ['bob'],
  });

  it('tell an owner whose account was only guessed at that nothing changed, and never ask for a password', () => {
    const notice = ownerNotice(alert, 'alice', 'INC-1');
    expect(notice.message).toMatch(/did not get in\. Your password is unchanged/);
    expect(notice.message).toMatch(/Nobody from IT will ever ask for your password/);
    expect(notice.key).toBe('owner:INC-1:alice');
  });

  it('tell the owner of an account that was entered that they must choose a new password', () => {
    expect(ownerNotice(alert, 'bob', 'INC-1').message).toMatch(
      /signed in with it.*\n.*must choose a new password/,
    );
  });
});

describe('lockout findings', () => {
  it('name the caller computer, address, cadence and process, and only attackers’ public addresses to block', () => {
    const start = Date.parse('2026-11-20T01:00:00Z');
    const stale = Array.from({ length: 6 }, (_, i) =>
      event({
        user: 'svc',
        sourceIp: '10.0.4.20',
        sourceHost: 'SRV-APP01',
        time: start + i * 300_000,
        statusCode: '0xc000006a',
        process: 'reportsvc.exe',
      }),
    );
    const lock = event({
      user: 'svc',
      eventCode: '4740',
      activity: 'lockout',
      outcome: 'unknown',
      sourceHost: 'SRV-APP01',
      time: start + 1_600_000,
    });
    const findings = lockoutFindings('svc', analyzeLockouts([...stale, lock], { account: 'svc' }));
    expect(findings).toMatchObject({
      account: 'svc',
      verdict: 'stale-credentials',
      lockouts: 1,
      attackerAddresses: [],
    });
    expect(findings.callers[0]).toMatchObject({
      computer: 'SRV-APP01',
      address: '10.0.4.20',
      firstFailure: '2026-11-20T01:00:00.000Z',
      lastFailure: '2026-11-20T01:25:00.000Z',
      failures: 6,
      cadence: 'steady, every 300 s (regularity 1)',
      processes: ['reportsvc.exe'],
    });
    expect(describeCaller(findings.callers[0] as CallerReport)).toBe(
      'SRV-APP01 (10.0.4.20): 6 failure(s), process reportsvc.exe, steady, every 300 s (regularity 1)',
    );
  });
});

describe('every playbook’s console example', () => {
  it.each(PLAYBOOKS.map((p) => [p.id, p] as const))('%s: is valid input', (_id, playbook) => {
    const parsed = playbook.input.safeParse(playbook.example);
    expect(parsed.error?.issues).toBeUndefined();
    if ('playbook' in (playbook.example as object))
      expect(parsed.data).toMatchObject({ playbook: playbook.id });
  });
});
