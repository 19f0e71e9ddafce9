import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relaxStage } from '../../lambdas/actions/relax-stage.ts';
import { tightenPosture } from '../../lambdas/actions/tighten-posture.ts';
import { NamedError } from '../../lambdas/adapters/named-error.ts';
import type { PostureApplier } from '../../lambdas/adapters/posture/controls.ts';
import { AlertSchema } from '../../lambdas/core/alerts.ts';
import { parseConfig } from '../../lambdas/core/config.ts';
import { CONTROL_NAMES, releaseNeed } from '../../lambdas/core/posture.ts';
import type { Deps } from '../../lambdas/platform/deps.ts';
import { LocalRuntime } from '../../lib/local/runtime.ts';
import { VirtualClock } from '../../lib/local/virtual-clock.ts';
import { credentialStuffing } from '../../playbooks/credential-stuffing.ts';

const T0 = new Date('2026-11-20T03:12:00Z');
const alert = AlertSchema.parse(credentialStuffing.example);
let runtime: LocalRuntime;
const clock = new VirtualClock(T0);

beforeAll(async () => {
  runtime = await LocalRuntime.start({
    stateDir: mkdtempSync(path.join(tmpdir(), 'riposte-posture-actions-')),
    config: parseConfig({}),
    clock: clock.now,
    inMemory: true,
  });
});
afterAll(() => runtime.close());

/** The runtime's deps with one adapter replaced. */
const withDeps = (over: Partial<Deps>): Deps => Object.assign(Object.create(runtime.deps), over);

describe('tighten-posture', () => {
  it('names a control it could not apply and still tightens the others', async () => {
    const controls = runtime.deps.postureControls;
    const failing = {
      read: (c) => controls.read(c),
      apply: async (c, v) => {
        if (c === 'login-rate-limit') throw new NamedError('WAFUnavailableEntityException', 'WAF is down');
        return controls.apply(c, v);
      },
    } as PostureApplier;
    const result = await tightenPosture(
      { incidentId: 'INC-A', alert },
      withDeps({ postureControls: failing }),
    );
    expect(result.failures).toEqual([
      { target: 'login-rate-limit', error: 'WAFUnavailableEntityException: WAF is down' },
    ]);
    expect(await controls.read('session-max-age')).toBe(15);
    expect(await controls.read('login-rate-limit')).toBe(1000);
    const entry = (await runtime.deps.incidents.timeline('INC-A')).find(
      (e) => e.action === 'tighten-posture',
    );
    expect(entry?.outcome).toBe('failed');
    expect(entry?.detail).toContain('not applied: login-rate-limit');
    // The need is recorded anyway, so `riposte posture` shows the drift and a later stage releases it.
    expect((await runtime.deps.posture.all())['login-rate-limit']?.needs).toEqual({ 'INC-A': 100 });
  });
});

describe('relax-stage', () => {
  let incidentId = '';

  it('refuses an incident that does not exist, by name', async () => {
    await expect(
      relaxStage(
        { incidentId: 'INC-none', stage: 'countries', attempt: 1, plannedAt: T0.toISOString() },
        runtime.deps,
      ),
    ).rejects.toMatchObject({ name: 'IncidentNotFound' });
  });

  it('postpones while a forced reset is outstanding, and a failing page does not undo the postponement', async () => {
    await runtime.seedUser({ name: 'zoe', sessions: 1, enabled: true });
    const { started } = await runtime.deliver({
      source: 'riposte.detection',
      'detail-type': 'x',
      detail: {
        id: 'det-reset',
        type: 'credential-stuffing',
        severity: 80,
        observedAt: T0.toISOString(),
        sourceIps: ['203.0.113.50'],
        targetedUsers: ['zoe'],
        compromisedUsers: ['zoe'],
      },
    });
    incidentId = String(started[0]?.incidentId);
    clock.advanceTo(new Date(T0.getTime() + 48 * 3_600_000));
    const pager = {
      publish: async () => Promise.reject(new NamedError('KMSDisabledException', 'key disabled')),
    };
    const result = await relaxStage(
      { incidentId, stage: 'countries', attempt: 1, plannedAt: clock.now().toISOString() },
      withDeps({ pager }),
    );
    expect(result).toMatchObject({ outcome: 'postponed', nextAt: '2026-11-23T03:12:00.000Z' });
    expect(String(result.reasons)).toContain('waiting for zoe');
    const entry = (await runtime.deps.incidents.timeline(incidentId)).find((e) => e.action === 'relax-stage');
    expect(entry?.data).toMatchObject({
      outcome: 'postponed',
      pageError: 'KMSDisabledException: key disabled',
    });
    expect(runtime.adapters.scheduler.pending().map((s) => s.name)).toContain(
      `riposte-${incidentId}-countries-2`,
    );
  });

  it('fails loudly when a control cannot be restored, and a second run applies it', async () => {
    // Only this incident holds the posture now.
    for (const name of CONTROL_NAMES)
      await runtime.deps.posture.update(name, (s) => releaseNeed(s ?? { prior: 0, needs: {} }, 'INC-A'));
    const controls = runtime.deps.postureControls;
    const broken = {
      read: (c) => controls.read(c),
      apply: async () => Promise.reject(new NamedError('TooManyUpdates', 'slow down')),
    } as PostureApplier;
    const input = {
      incidentId,
      stage: 'sessions',
      attempt: 1,
      plannedAt: clock.now().toISOString(),
      force: true,
      by: 'alice',
    };
    await expect(relaxStage(input, withDeps({ postureControls: broken }))).rejects.toMatchObject({
      name: 'PostureNotApplied',
    });
    expect(await controls.read('session-max-age')).toBe(15);
    const again = await relaxStage({ ...input, attempt: 2 }, runtime.deps);
    expect(again.outcome).toBe('relaxed');
    expect(await controls.read('session-max-age')).toBe(120);
    const runs = (await runtime.deps.incidents.timeline(incidentId)).filter(
      (e) => e.data?.stage === 'sessions',
    );
    expect(runs.map((e) => [e.outcome, e.actor])).toEqual([
      ['failed', 'operator/alice'],
      ['ok', 'operator/alice'],
    ]);
  });
});
