import { Metrics } from '@aws-lambda-powertools/metrics';
import { describe, expect, it } from 'vitest';
import { PowertoolsResponseMetrics } from '../../lambdas/adapters/metrics/powertools.ts';
import type { IncidentMetrics } from '../../lambdas/core/response-metrics.ts';

const metrics: IncidentMetrics = {
  incidentId: 'INC-20261120-ffe50c0e',
  playbook: 'credential-stuffing',
  status: 'contained',
  verdict: null,
  firstAttackAt: '2026-11-20T03:00:00.000Z',
  detectedAt: '2026-11-20T03:01:58.000Z',
  openedAt: '2026-11-20T03:02:00.000Z',
  containedAt: '2026-11-20T03:02:09.000Z',
  timeToDetectSeconds: 118,
  timeToRespondSeconds: 2,
  timeToContainSeconds: 11,
  timeToBlockSeconds: { waf: 9 },
  waitingForPeopleSeconds: 0,
  approvals: { requested: 0, answered: 0, unanswered: 0 },
  mode: 'automated',
};

/** What Powertools writes to stdout: the Embedded Metric Format documents CloudWatch turns into metrics. */
function emfOf(publish: () => void): Record<string, unknown>[] {
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  try {
    publish();
  } finally {
    process.stdout.write = write;
  }
  return lines
    .flatMap((l) => l.split('\n'))
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
}

describe('response metrics through Powertools Metrics', () => {
  it('writes one EMF document in the riposte namespace, by playbook, in seconds', () => {
    const sink = new PowertoolsResponseMetrics(new Metrics({ namespace: 'riposte', serviceName: 'riposte' }));
    const [emf, ...rest] = emfOf(() => sink.publish(metrics));
    expect(rest).toEqual([]);
    const directive = (
      emf?._aws as {
        CloudWatchMetrics: {
          Namespace: string;
          Dimensions: string[][];
          Metrics: { Name: string; Unit: string }[];
        }[];
      }
    ).CloudWatchMetrics[0];
    expect(directive?.Namespace).toBe('riposte');
    expect(directive?.Dimensions).toEqual([['service', 'playbook']]);
    expect(directive?.Metrics).toEqual(
      expect.arrayContaining([
        { Name: 'TimeToDetect', Unit: 'Seconds' },
        { Name: 'TimeToContain', Unit: 'Seconds' },
        { Name: 'PlaybookOutcomes', Unit: 'Count' },
      ]),
    );
    expect(emf).toMatchObject({
      playbook: 'credential-stuffing',
      service: 'riposte',
      TimeToDetect: 118,
      TimeToContain: 11,
      WaitingForPeople: 0,
      ContainedOutcomes: 1,
      HumanGatedOutcomes: 0,
      incidentId: 'INC-20261120-ffe50c0e',
    });
  });

  it('leaves an unknown duration out instead of sending 0', () => {
    const sink = new PowertoolsResponseMetrics(new Metrics({ namespace: 'riposte', serviceName: 'riposte' }));
    const [emf] = emfOf(() => sink.publish({ ...metrics, containedAt: null, timeToContainSeconds: null }));
    expect(emf).not.toHaveProperty('TimeToContain');
    expect(emf).toMatchObject({ ContainedOutcomes: 0, TimeToDetect: 118 });
  });
});
