import { describe, expect, it } from 'vitest';
import type { Incident, TimelineEntry } from '../../lambdas/core/incident.ts';
import { incidentMetrics, periodMetrics } from '../../lambdas/core/response-metrics.ts';

const incident: Incident = {
  id: 'INC-1',
  playbook: 'password-spray',
  title: 'spray',
  severity: 70,
  status: 'contained',
  openedAt: '2026-11-20T03:00:40.000Z',
  updatedAt: '2026-11-20T03:00:40.000Z',
  alertIds: ['a'],
  sourceIps: ['203.0.113.9'],
  targetedUsers: ['u1'],
  compromisedUsers: [],
};

const line = (
  at: string,
  actor: string,
  action: string,
  outcome: TimelineEntry['outcome'],
  data?: Record<string, unknown>,
) => ({
  at,
  actor,
  action,
  outcome,
  detail: action,
  ...(data ? { data } : {}),
});

// A detection whose window starts at the first attacking record, a held block approved by a person after
// 5 minutes, the address live in WAF, then the playbook's status line.
const timeline: TimelineEntry[] = [
  line('2026-11-20T03:00:40.000Z', 'alert/riposte.detection', 'open-incident', 'ok', {
    alert: {
      alertId: 'a',
      observedAt: '2026-11-20T03:00:30.000Z',
      window: { start: '2026-11-20T03:00:00.000Z', end: '2026-11-20T03:00:30.000Z' },
    },
  }),
  line('2026-11-20T03:01:00.000Z', 'riposte/request-approval', 'request-approval', 'planned'),
  line('2026-11-20T03:06:00.000Z', 'human/dana', 'approve', 'ok'),
  line('2026-11-20T03:06:05.000Z', 'riposte/sync-waf', 'waf-sync', 'ok', { live: ['203.0.113.9/32'] }),
  line('2026-11-20T03:06:10.000Z', 'riposte/playbook', 'set-status', 'ok', { status: 'contained' }),
];

describe('response metrics of one incident', () => {
  it('measures detect, respond, contain, block and the wait for people from the timeline', () => {
    const m = incidentMetrics(incident, timeline, new Date('2026-11-21T00:00:00Z'));
    expect(m).toMatchObject({
      firstAttackAt: '2026-11-20T03:00:00.000Z',
      detectedAt: '2026-11-20T03:00:30.000Z',
      containedAt: '2026-11-20T03:06:10.000Z',
      timeToDetectSeconds: 30,
      timeToRespondSeconds: 10,
      timeToContainSeconds: 340,
      timeToBlockSeconds: { waf: 335 },
      waitingForPeopleSeconds: 300,
      approvals: { requested: 1, answered: 1, unanswered: 0 },
      mode: 'human-gated',
    });
  });

  it('counts an unanswered approval until now, and leaves contain unknown while not contained', () => {
    const open = timeline.filter((e) => e.action !== 'approve' && e.action !== 'set-status');
    const m = incidentMetrics({ ...incident, status: 'open' }, open, new Date('2026-11-20T03:11:00.000Z'));
    expect(m.waitingForPeopleSeconds).toBe(600);
    expect(m.approvals.unanswered).toBe(1);
    expect(m.timeToContainSeconds).toBeNull();
  });
});

describe('metrics of a period', () => {
  it('counts by playbook and verdict and takes the false-positive rate over judged incidents', () => {
    const now = new Date('2026-11-21T00:00:00Z');
    const judged = (id: string, verdict?: string, playbook = 'password-spray') =>
      incidentMetrics(
        {
          ...incident,
          id,
          playbook,
          ...(verdict
            ? { verdict: { value: verdict, reason: 'r', by: 'x', at: '2026-11-20T04:00:00Z' } }
            : {}),
        } as Incident,
        timeline,
        now,
      );
    const p = periodMetrics(
      [
        judged('1', 'true-positive'),
        judged('2', 'true-positive'),
        judged('3', 'false-positive'),
        judged('4', 'benign'),
        judged('5', undefined, 'brute-force'),
      ],
      new Date('2026-11-01T00:00:00Z'),
      now,
    );
    expect(p.byPlaybook).toEqual({ 'password-spray': 4, 'brute-force': 1 });
    expect(p.byVerdict).toEqual({ 'true-positive': 2, 'false-positive': 1, benign: 1, 'no verdict': 1 });
    expect(p.falsePositiveRate).toBeCloseTo(1 / 3);
    expect(p.meanTimeToDetectSeconds).toBe(30);
    expect(p.humanGated).toBe(5);
    expect(periodMetrics([], null, now).falsePositiveRate).toBeNull();
  });
});
