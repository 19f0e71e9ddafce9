import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { IncidentMetrics } from '../../core/response-metrics.ts';
import type { ResponseMetricsSink } from './port.ts';

/** The CloudWatch namespace and the metric names the stack's dashboard reads. */
export const METRICS_NAMESPACE = 'riposte';
export const METRIC_NAMES = {
  timeToDetect: 'TimeToDetect',
  timeToRespond: 'TimeToRespond',
  timeToContain: 'TimeToContain',
  waitingForPeople: 'WaitingForPeople',
  outcomes: 'PlaybookOutcomes',
  contained: 'ContainedOutcomes',
  humanGated: 'HumanGatedOutcomes',
} as const;

/**
 * Response metrics as CloudWatch Embedded Metric Format, written by Powertools Metrics to the function's
 * log (CloudWatch extracts them: no PutMetricData call, no extra IAM). One data point set per playbook
 * outcome, with the playbook as dimension; an unknown duration is left out, not sent as 0.
 */
export class PowertoolsResponseMetrics implements ResponseMetricsSink {
  constructor(
    private readonly metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'riposte' }),
  ) {}

  publish(m: IncidentMetrics): void {
    this.metrics.addDimension('playbook', m.playbook);
    const seconds: [string, number | null][] = [
      [METRIC_NAMES.timeToDetect, m.timeToDetectSeconds],
      [METRIC_NAMES.timeToRespond, m.timeToRespondSeconds],
      [METRIC_NAMES.timeToContain, m.timeToContainSeconds],
      [METRIC_NAMES.waitingForPeople, m.waitingForPeopleSeconds],
    ];
    for (const [name, value] of seconds)
      if (value !== null) this.metrics.addMetric(name, MetricUnit.Seconds, value);
    this.metrics.addMetric(METRIC_NAMES.outcomes, MetricUnit.Count, 1);
    this.metrics.addMetric(METRIC_NAMES.contained, MetricUnit.Count, m.containedAt ? 1 : 0);
    this.metrics.addMetric(METRIC_NAMES.humanGated, MetricUnit.Count, m.mode === 'human-gated' ? 1 : 0);
    this.metrics.addMetadata('incidentId', m.incidentId);
    this.metrics.publishStoredMetrics();
  }
}
