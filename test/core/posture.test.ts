import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Incident } from '../../lambdas/core/incident.ts';
import {
  addNeed,
  CONTROL_NAMES,
  effectiveValue,
  ladderFor,
  PostureConfigSchema,
  planLadder,
  releaseNeed,
  strictness,
} from '../../lambdas/core/posture.ts';
import { evaluateGate } from '../../lambdas/core/relax-gate.ts';

describe('posture composition', () => {
  it('keeps the strictest need of any open incident', () => {
    let state = addNeed(undefined, 'A', 100, 1000);
    state = addNeed(state, 'B', 50, 100);
    expect(state.prior).toBe(1000);
    expect(effectiveValue(state)).toBe(50);
    state = releaseNeed(state, 'B');
    expect(effectiveValue(state)).toBe(100);
    state = releaseNeed(state, 'A');
    expect(effectiveValue(state)).toBe(1000);
  });

  it('a partial lift never tightens and never loosens below another incident', () => {
    let state = addNeed(undefined, 'A', 'on', 'off');
    state = addNeed(state, 'B', 'on', 'on');
    state = releaseNeed(state, 'A', 'partial');
    expect(effectiveValue(state)).toBe('on');
    expect(releaseNeed(releaseNeed(state, 'A'), 'A', 'on').needs).toEqual({ B: 'on' });
  });

  it('relaxing one incident never loosens what another still needs (any order, any values)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ id: fc.constantFrom('A', 'B', 'C'), need: fc.integer({ min: 10, max: 1000 }) }),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        fc.constantFrom('A', 'B', 'C'),
        (needs, released) => {
          let state = addNeed(undefined, needs[0]?.id ?? 'A', needs[0]?.need ?? 10, 2000);
          for (const n of needs.slice(1)) state = addNeed(state, n.id, n.need, 2000);
          const after = releaseNeed(state, released);
          for (const [id, need] of Object.entries(after.needs))
            expect(strictness(effectiveValue(after)), id).toBeGreaterThanOrEqual(strictness(need));
          if (Object.keys(after.needs).length === 0) expect(effectiveValue(after)).toBe(2000);
        },
      ),
    );
  });
});

describe('the ladder', () => {
  it('plans the default stages at 48 h, 72 h, 1 week and 2 weeks and restores every control', () => {
    const config = PostureConfigSchema.parse({});
    const ladder = ladderFor(config, 'credential-stuffing');
    expect(planLadder(ladder, new Date('2026-11-20T00:00:00Z')).map((s) => [s.stage, s.at])).toEqual([
      ['countries', '2026-11-22T00:00:00.000Z'],
      ['sessions', '2026-11-23T00:00:00.000Z'],
      ['rate-limits', '2026-11-27T00:00:00.000Z'],
      ['monitoring', '2026-12-04T00:00:00.000Z'],
    ]);
    expect(new Set(ladder.flatMap((s) => s.restore))).toEqual(new Set(CONTROL_NAMES));
  });

  it('takes a ladder per playbook and refuses a stage that names nothing', () => {
    const config = PostureConfigSchema.parse({
      ladders: { 'credential-stuffing': [{ name: 'all', afterHours: 1, restore: [...CONTROL_NAMES] }] },
    });
    expect(ladderFor(config, 'credential-stuffing').map((s) => s.name)).toEqual(['all']);
    expect(ladderFor(config, 'other')).toHaveLength(4);
    expect(() => PostureConfigSchema.parse({ ladder: [{ name: 'none', afterHours: 1 }] })).toThrow(
      /at least one/,
    );
    expect(() =>
      PostureConfigSchema.parse({ sessionMaxAgeMinutes: { baseline: 10, emergency: 60 } }),
    ).toThrow(/at most baseline/);
  });
});

const incident: Incident = {
  id: 'INC-1',
  playbook: 'credential-stuffing',
  title: 't',
  severity: 80,
  status: 'contained',
  openedAt: '2026-11-20T00:00:00Z',
  updatedAt: '2026-11-20T00:00:00Z',
  alertIds: ['a'],
  sourceIps: ['203.0.113.7'],
  targetedUsers: ['alice'],
  compromisedUsers: ['alice'],
};
const gate = (over: Partial<Parameters<typeof evaluateGate>[0]>) =>
  evaluateGate({
    now: new Date('2026-11-22T00:00:00Z'),
    incident,
    timeline: [],
    others: [],
    resets: [],
    recurrenceHours: 24,
    minResetShare: 0.95,
    ...over,
  });
const attached = (observedAt: string) => ({
  at: observedAt,
  actor: 'alert/riposte',
  action: 'attach-alert',
  outcome: 'ok' as const,
  detail: '',
  data: { alert: { alertId: 'a2', observedAt } },
});

describe('the relax gate', () => {
  it('opens when nothing recurred and every forced reset is done', () => {
    expect(gate({ resets: [{ user: 'alice', changed: true }] })).toMatchObject({ pass: true, reasons: [] });
  });

  it('shuts on an attached alert observed within the last 24 h, not on an older one', () => {
    expect(gate({ timeline: [attached('2026-11-21T06:00:00Z')] }).pass).toBe(false);
    expect(gate({ timeline: [attached('2026-11-20T23:00:00Z')] }).pass).toBe(true);
  });

  it('shuts on another incident opened on the same indicators within the window', () => {
    const other = {
      ...incident,
      id: 'INC-2',
      openedAt: '2026-11-21T12:00:00Z',
      targetedUsers: [],
      compromisedUsers: [],
    };
    expect(gate({ others: [other] }).reasons[0]).toContain('INC-2');
    expect(gate({ others: [{ ...other, sourceIps: ['198.51.100.1'] }] }).pass).toBe(true);
  });

  it('shuts while fewer than 95% of forced resets are done, naming who is waited for', () => {
    const resets = Array.from({ length: 20 }, (_, i) => ({ user: `u${i}`, changed: i !== 0 }));
    expect(gate({ resets }).pass).toBe(true);
    const shut = gate({ resets: resets.map((r, i) => (i === 1 ? { ...r, changed: undefined } : r)) });
    expect(shut.pass).toBe(false);
    expect(shut.reasons[0]).toContain('waiting for u0, u1');
  });
});
