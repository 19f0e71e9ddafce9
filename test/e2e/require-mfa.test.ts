import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambdas/core/config.ts';
import { postureReport } from '../../lib/cli/posture.ts';
import { relaxationOf } from '../../lib/cli/relaxation.ts';
import { loadConfig } from '../../lib/local/config-source.ts';
import { runSchedulesUntil } from '../../lib/local/ladder.ts';
import { LocalRuntime } from '../../lib/local/runtime.ts';
import { statePaths } from '../../lib/local/state-dir.ts';
import { writeOwned } from '../../lib/local/state-lock.ts';
import { VirtualClock } from '../../lib/local/virtual-clock.ts';

const H = 3_600_000;
const T0 = Date.parse('2026-11-20T03:00:00Z');
const at = (hours: number) => new Date(T0 + hours * H);
const base = loadConfig();
const config = parseConfig({
  ...base,
  posture: {
    ...base.posture,
    requireMfa: { cognito: { riskLevels: ['MEDIUM', 'HIGH'], adminClientId: 'admin-app' } },
    okAlarms: ['api-5xx-rate'],
  },
});
const clock = new VirtualClock(at(0));
let runtime: LocalRuntime;
let incidentId: string;
const PRIOR = {
  AccountTakeoverRiskConfiguration: {
    Actions: {
      LowAction: { Notify: false, EventAction: 'NO_ACTION' },
      MediumAction: { Notify: false, EventAction: 'MFA_IF_CONFIGURED' },
      HighAction: { Notify: false, EventAction: 'BLOCK' },
    },
  },
};
const risk = () => JSON.parse(readFileSync(runtime.paths.cognitoRisk, 'utf8'));

beforeAll(async () => {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'riposte-mfa-'));
  // The pool as the customer runs it: threat protection on, MFA only where configured.
  writeFileSync(statePaths(stateDir).cognitoRisk, JSON.stringify({ pool: PRIOR }));
  // The stand-in pool's own file, as an earlier run left it (riposte refuses strangers' files in its places).
  writeOwned(stateDir, ['cognito-risk.json']);
  runtime = await LocalRuntime.start({ stateDir, config, clock: clock.now, inMemory: true });
  const pool = runtime.adapters.userPool;
  pool.seed('root', { groups: ['administrators'], mfa: true });
  pool.seed('ops', { groups: ['administrators'], mfa: false });
  for (const [n, mfa] of [
    ['u1', true],
    ['u2', true],
    ['u3', false],
    ['u4', false],
    ['u5', true],
  ] as const)
    pool.seed(n, { mfa });
  runtime.adapters.alarms.set('api-5xx-rate', 'ALARM');
  const { started } = await runtime.deliver({
    source: 'riposte.detection',
    'detail-type': 'Identity attack detected',
    detail: {
      id: 'det-mfa',
      type: 'credential-stuffing',
      // Severity 90: the default posture rule tightens at 90 even with no account taken over.
      severity: 90,
      observedAt: at(0).toISOString(),
      sourceIps: ['203.0.113.9'],
      targetedUsers: ['u1'],
      compromisedUsers: [],
    },
  });
  incidentId = String(started[0]?.incidentId);
});
afterAll(() => runtime.close());

describe('require-mfa as an emergency control', { timeout: 120_000 }, () => {
  it('tightens: MFA required for the admin app client and pool-wide, the prior state recorded', async () => {
    const control = (await postureReport(runtime.deps)).find((c) => c.control === 'require-mfa');
    expect(control).toMatchObject({ baseline: 'off', emergency: 'all', applied: 'all', prior: 'off' });
    expect(control?.neededBy).toEqual({ [incidentId]: 'all' });
    const stored = risk();
    for (const key of ['pool', 'client:admin-app'])
      expect(stored[key].AccountTakeoverRiskConfiguration.Actions).toEqual({
        LowAction: { Notify: false, EventAction: 'NO_ACTION' },
        MediumAction: { Notify: false, EventAction: 'MFA_REQUIRED' },
        HighAction: { Notify: false, EventAction: 'MFA_REQUIRED' },
      });
  });

  it('postpones a stage while MFA enrollment is low or an alarm is not OK, with the figures in the page', async () => {
    await runSchedulesUntil(runtime, clock, at(49));
    const [countries] = relaxationOf(await runtime.deps.incidents.timeline(incidentId));
    expect(countries?.outcome).toBe('postponed');
    const page = runtime.adapters.topic
      .pages()
      .find((p) => p.subject.includes('relaxation postponed (countries)'));
    expect(page?.message).toContain('MFA enrollment 4 of 7 users (57.1% < 80%)');
    expect(page?.message).toContain('MFA enrollment of administrators 1 of 2 (50% < 100%)');
    expect(page?.message).toContain('alarm api-5xx-rate is ALARM, not OK');
  });

  it('relaxes once the numbers hold, and puts back exactly the pool’s prior risk configuration', async () => {
    for (const n of ['ops', 'u3'])
      runtime.adapters.userPool.seed(n, { ...runtime.adapters.userPool.user(n), mfa: true });
    runtime.adapters.alarms.set('api-5xx-rate', 'OK');
    await runSchedulesUntil(runtime, clock, at(24 * 16));
    const stages = relaxationOf(await runtime.deps.incidents.timeline(incidentId));
    expect(stages.map((s) => [s.stage, s.outcome])).toEqual([
      ['countries', 'relaxed'],
      ['sessions', 'relaxed'],
      ['rate-limits', 'relaxed'],
      ['monitoring', 'relaxed'],
    ]);
    const control = (await postureReport(runtime.deps)).find((c) => c.control === 'require-mfa');
    expect(control).toMatchObject({ applied: 'off', neededBy: {} });
    expect(risk().pool).toEqual(PRIOR);
  });
});
