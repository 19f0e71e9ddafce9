import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postureSnapshot } from '../../lambdas/actions/posture.ts';
import { releasePostureFor, tightenPostureFor } from '../../lambdas/actions/posture-need.ts';
import { controlSpecs } from '../../lambdas/core/posture.ts';
import { postureDecision, tightenRuleFor } from '../../lambdas/core/posture-rule.ts';
import type { LocalRuntime } from '../../lib/local/runtime.ts';
import { deliverAndSummarize, detection, startRuntime } from '../support/local.ts';

let runtime: LocalRuntime;
const baseline = () =>
  Object.fromEntries(
    Object.values(controlSpecs(runtime.deps.config.posture)).map((s) => [s.name, s.baseline]),
  );

beforeAll(async () => {
  runtime = await startRuntime();
  await runtime.seedUser({ name: 'alice', sessions: 1, enabled: true });
}, 60_000);
afterAll(async () => {
  await runtime.close();
});

describe('proportional posture', { timeout: 60_000 }, () => {
  it('the README drill (severity 10, one address, no account) leaves every control at its baseline and says why', async () => {
    const drill = await deliverAndSummarize(
      runtime,
      detection('drill-1', {
        severity: 10,
        sourceIps: ['203.0.113.7'],
        targetedUsers: [],
        compromisedUsers: [],
      }),
    );
    expect(drill.incident.status).toBe('contained');
    expect(await postureSnapshot(runtime.deps)).toEqual(baseline());
    const entry = drill.timeline.find((e) => e.action === 'tighten-posture');
    expect(entry?.outcome).toBe('skipped');
    expect(entry?.detail).toContain('severity 10 < 90');
    expect(drill.timeline.find((e) => e.action === 'schedule-relaxation')?.outcome).toBe('skipped');
    expect(drill.teamPages.at(-1)?.message).toContain('posture left as it is, not warranted');
  });

  it('a compromised account warrants it; release by hand puts every control back to baseline', async () => {
    const attack = await deliverAndSummarize(
      runtime,
      detection('real-1', {
        sourceIps: ['198.51.100.9'],
        targetedUsers: ['alice'],
        compromisedUsers: ['alice'],
      }),
    );
    const tightened = await postureSnapshot(runtime.deps);
    expect(tightened['session-max-concurrent']).toBe(1);
    const released = await releasePostureFor(runtime.deps, {
      incidentId: attack.incident.id,
      by: 'analyst',
      reason: 'false positive',
    });
    expect(released.failures).toEqual([]);
    expect(await postureSnapshot(runtime.deps)).toEqual(baseline());
    // Releasing again changes nothing.
    expect(
      Object.keys(
        (await releasePostureFor(runtime.deps, { incidentId: attack.incident.id, by: 'a', reason: 'r' }))
          .controls,
      ),
    ).toEqual([]);
  });

  it('tightens by hand only the controls asked for, and refuses an unknown incident', async () => {
    const incidentId = (await runtime.deps.incidents.list())[0]?.id ?? '';
    await tightenPostureFor(runtime.deps, {
      incidentId,
      by: 'analyst',
      reason: 'drill',
      controls: ['session-max-age'],
    });
    const now = await postureSnapshot(runtime.deps);
    expect(now['session-max-age']).toBe(15);
    expect(now['session-max-concurrent']).toBe(5);
    await releasePostureFor(runtime.deps, { incidentId, by: 'analyst', reason: 'drill over' });
    expect(await postureSnapshot(runtime.deps)).toEqual(baseline());
    await expect(
      releasePostureFor(runtime.deps, { incidentId: 'INC-nope', by: 'a', reason: 'r' }),
    ).rejects.toThrow(/no incident INC-nope/);
  });

  it('the rule: any condition holds; a control can be left out', () => {
    const rule = tightenRuleFor(runtime.deps.config.posture, 'credential-stuffing');
    const alert = { sourceIps: ['203.0.113.7'], sourceHosts: [], compromisedUsers: [], severity: 95 };
    expect(postureDecision(rule, alert)).toMatchObject({
      tighten: true,
      reason: 'warranted: severity 95 ≥ 90',
    });
    expect(postureDecision({ ...rule, controls: ['login-rate-limit'] }, alert).controls).toEqual([
      'login-rate-limit',
    ]);
    expect(postureDecision({ controls: [] }, alert).tighten).toBe(false);
  });
});
