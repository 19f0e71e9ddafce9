import type { IncidentMetrics } from '../../core/response-metrics.ts';
import type { ResponseMetricsSink } from './port.ts';

/** Locally the outcome step's metrics are kept in memory (the CLI's `metrics` recomputes them from timelines). */
export class LocalResponseMetrics implements ResponseMetricsSink {
  readonly published: IncidentMetrics[] = [];
  publish(metrics: IncidentMetrics): void {
    this.published.push(metrics);
  }
}
