import type { IncidentMetrics } from '../../core/response-metrics.ts';

/** Where the outcome step sends each playbook run's response metrics (CloudWatch through Powertools on AWS). */
export interface ResponseMetricsSink {
  publish(metrics: IncidentMetrics): void;
}
