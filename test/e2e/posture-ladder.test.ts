import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { holdLadder, resumeLadder } from '../../lambdas/actions/relax-control.ts';
import { readSettings } from '../../lambdas/adapters/waf-rules/posture-rules.ts';
import { parseConfig } from '../../lambdas/core/config.ts';
import { localPosture } from '../../lib/cli/posture.ts';
import { relaxationOf } from '../../lib/cli/relaxation.ts';
import { simulate } from '../../lib/cli/simulate.ts';
import { runSchedulesUntil } from '../../lib/local/ladder.ts';
import { LocalRuntime } from '../../lib/local/runtime.ts';
import { VirtualClock } from '../../lib/local/virtual-clock.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const config = parseConfig({
  allowList: ['192.0.2.0/24'],
  posture: { allowedCountries: ['US', 'DE'], partlyLiftedCountries: ['FR'] },
});
const H = 3_600_000;
const T0 = Date.parse('2026-11-20T03:00:00Z');
const at = (hours: number) => new Date(T0 + hours * H).toISOString();
const state = () => mkdtempSync(path.join(tmpdir(), 'riposte-posture-'));
const run = (scenario: string, stateDir: string) =>
  simulate({ file: path.join(ROOT, 'scenarios', scenario), stateDir, config, untilMs: 15 * 24 * H });

describe('the relaxation ladder on the virtual clock', { timeout: 120_000 }, () => {
  it('relaxes a clean incident at 48 h, 72 h, 1 week and 2 weeks and ends at baseline', async () => {
    const stateDir = state();
    const result = await run('posture-clean.jsonl', stateDir);
    expect(result.incidents).toHaveLength(1);
    const [incident] = result.incidents;
    expect(incident?.relaxation.map((s) => [s.stage, s.plannedAt, s.at, s.outcome])).toEqual([
      ['countries', at(48), at(48), 'relaxed'],
      ['sessions', at(72), at(72), 'relaxed'],
      ['rate-limits', at(168), at(168), 'relaxed'],
      ['monitoring', at(336), at(336), 'relaxed'],
    ]);
    const posture = await localPosture(stateDir, config);
    for (const control of posture) {
      expect(control.applied, control.control).toEqual(control.baseline);
      expect(control.neededBy, control.control).toEqual({});
    }
  });

  it('postpones a stage when the attack recurs on day 2, and never relaxes what the later incident still needs', async () => {
    const stateDir = state();
    const result = await run('posture-recurrence.jsonl', stateDir);
    const [first, second] = result.incidents;
    const countries = first?.relaxation.find((s) => s.stage === 'countries');
    expect(countries?.attempts.map((a) => [a.at, a.outcome])).toEqual([
      [at(48), 'postponed'],
      [at(72), 'relaxed'],
    ]);
    expect(countries?.attempts[0]?.detail).toContain('recurred');
    // The first incident's rate-limit stage (day 7) ran while the second (opened day 2) still needed it.
    const runtime = await LocalRuntime.start({ stateDir, config, inMemory: false });
    try {
      const timeline = await runtime.deps.incidents.timeline(String(first?.id));
      const rateStage = timeline.find((e) => e.action === 'relax-stage' && e.data?.stage === 'rate-limits');
      const rate = (rateStage?.data?.controls as Record<string, { after: unknown; neededBy: string[] }>)[
        'login-rate-limit'
      ];
      expect(rate).toMatchObject({ after: 100, neededBy: [second?.id] });
      expect(runtime.adapters.topic.pages().some((p) => p.subject.includes('relaxation postponed'))).toBe(
        true,
      );
    } finally {
      await runtime.close();
    }
    // At day 15 the second incident's monitoring stage (day 16) has not run: the threshold stays strict.
    expect(second?.relaxation.at(-1)?.outcome).toBe('pending');
    const threshold = (await localPosture(stateDir, config)).find((c) => c.control === 'detection-threshold');
    expect(threshold).toMatchObject({ applied: 5, neededBy: { [String(second?.id)]: 5 } });
  });

  it('a hold stops the ladder and a resume continues it', async () => {
    const clock = new VirtualClock(new Date(T0));
    const runtime = await LocalRuntime.start({ stateDir: state(), config, clock: clock.now, inMemory: true });
    try {
      const { started } = await runtime.deliver({
        source: 'riposte.detection',
        'detail-type': 'Identity attack detected',
        detail: {
          id: 'det-hold',
          type: 'credential-stuffing',
          severity: 90,
          observedAt: at(0),
          sourceIps: ['203.0.113.9'],
          targetedUsers: ['carol'],
          compromisedUsers: [],
        },
      });
      const incidentId = String(started[0]?.incidentId);
      const countryMode = async () =>
        readSettings(
          (
            await runtime.adapters.ruleGroups.get({
              name: 'riposte-posture',
              id: ruleGroupId(runtime),
              scope: 'REGIONAL',
            })
          ).rules,
        ).countryMode;
      expect(await countryMode()).toBe('on');
      await holdLadder(runtime.deps, { incidentId, by: 'alice', reason: 'waiting for the pen test' });
      await runSchedulesUntil(runtime, clock, new Date(Date.parse(at(80))));
      const held = relaxationOf(await runtime.deps.incidents.timeline(incidentId));
      expect(held.slice(0, 2).map((s) => s.outcome)).toEqual(['held', 'held']);
      expect(await countryMode()).toBe('on');
      await resumeLadder(runtime.deps, { incidentId, by: 'alice', reason: 'pen test done' });
      await runSchedulesUntil(runtime, clock, new Date(Date.parse(at(81))));
      const resumed = relaxationOf(await runtime.deps.incidents.timeline(incidentId));
      expect(resumed.map((s) => [s.stage, s.outcome, s.at])).toEqual([
        // Resumed at 80 h: the held stages run a minute later.
        ['countries', 'relaxed', at(80 + 1 / 60)],
        ['sessions', 'relaxed', at(80 + 1 / 60)],
        ['rate-limits', 'pending', null],
        ['monitoring', 'pending', null],
      ]);
      expect(await countryMode()).toBe('partial');
    } finally {
      await runtime.close();
    }
  });
});

function ruleGroupId(runtime: LocalRuntime): string {
  const [id] =
    Object.entries(runtime.template.Resources).find(
      ([, r]) =>
        r.Type === 'AWS::WAFv2::RuleGroup' && (r.Properties as { Name?: string })?.Name === 'riposte-posture',
    ) ?? [];
  return String(id);
}
