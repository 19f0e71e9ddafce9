import { listIncidents, readIncident } from '../../lambdas/case/index.ts';
import {
  type IncidentMetrics,
  incidentMetrics,
  type PeriodMetrics,
  periodMetrics,
} from '../../lambdas/core/response-metrics.ts';
import { metricsSvg } from '../pictures/metrics-svg.ts';
import { humanDuration } from '../pictures/svg.ts';
import { writeAll } from '../report/output.ts';
import { openIncidents, type ReadOptions } from '../report/records.ts';

export interface MetricsRequest extends ReadOptions {
  /** A duration back from now (30d) or an ISO date, as `riposte incidents --since`. */
  since: string;
  /** Where the chart goes. */
  chart: string;
}

export interface MetricsResult {
  where: 'local' | 'aws';
  period: PeriodMetrics;
  incidents: IncidentMetrics[];
  chart: string;
}

/** `riposte metrics`: each incident's times, the period's counts and false-positive rate, and the chart. */
export async function collectMetrics(request: MetricsRequest): Promise<MetricsResult> {
  const reader = await openIncidents(request);
  const incidents: IncidentMetrics[] = [];
  let now: Date;
  let since: Date;
  try {
    now = reader.deps.clock();
    const rows = await listIncidents(reader.deps, { since: request.since, limit: 1000 });
    request.progress(`measuring ${rows.length} incident(s)…`);
    for (const row of rows.reverse()) {
      const { incident, timeline } = await readIncident(reader.deps, row.id);
      incidents.push(incidentMetrics(incident, timeline, now));
    }
    since = sinceDate(request.since, now);
  } finally {
    await reader.close();
  }
  const period = periodMetrics(incidents, since, now);
  const svg = metricsSvg(
    `riposte response metrics since ${period.since?.slice(0, 10) ?? 'the start'}`,
    incidents.map((m) => ({
      id: m.incidentId,
      timeToDetectSeconds: m.timeToDetectSeconds,
      timeToContainSeconds: m.timeToContainSeconds,
      waitingForPeopleSeconds: m.waitingForPeopleSeconds,
    })),
  );
  const [chart = request.chart] = writeAll([{ path: request.chart, content: svg }]);
  return { where: reader.where, period, incidents, chart };
}

function sinceDate(text: string, now: Date): Date {
  const match = /^(\d+)([mhdw])$/.exec(text.trim());
  if (match) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[
      match[2] as 'm' | 'h' | 'd' | 'w'
    ];
    return new Date(now.getTime() - Number(match[1]) * unit);
  }
  return new Date(text);
}

const secs = (s: number | null) =>
  s === null ? '—' : s < 1 ? `${Math.round(s * 1000)} ms` : humanDuration(s * 1000);

export function renderMetrics(result: MetricsResult): string {
  const p = result.period;
  const lines = [
    `riposte metrics ${result.where === 'aws' ? '(deployed stack)' : '(local state)'}: ${p.incidents} incident(s) since ${p.since ?? 'the start'}`,
    '',
    `${'incident'.padEnd(24)} ${'playbook'.padEnd(20)} ${'status'.padEnd(10)} ${'verdict'.padEnd(15)} ${'detect'.padStart(8)} ${'contain'.padStart(8)} ${'people'.padStart(8)}  mode`,
    ...result.incidents.map(
      (m) =>
        `${m.incidentId.padEnd(24)} ${m.playbook.padEnd(20)} ${m.status.padEnd(10)} ${(m.verdict ?? '—').padEnd(15)} ${secs(m.timeToDetectSeconds).padStart(8)} ${secs(m.timeToContainSeconds).padStart(8)} ${secs(m.waitingForPeopleSeconds).padStart(8)}  ${m.mode}`,
    ),
    '',
    `by playbook        ${
      Object.entries(p.byPlaybook)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none'
    }`,
    `by verdict         ${
      Object.entries(p.byVerdict)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none'
    }`,
    `false positives    ${p.falsePositiveRate === null ? 'unknown (no true- or false-positive verdict yet)' : `${(p.falsePositiveRate * 100).toFixed(1)}% of judged incidents`}`,
    `mean detect        ${secs(p.meanTimeToDetectSeconds)} (target ≤ 1 min)`,
    `mean contain       ${secs(p.meanTimeToContainSeconds)}`,
    `automated / gated  ${p.automated} / ${p.humanGated}`,
    `chart              ${result.chart}`,
  ];
  if (result.where === 'local')
    lines.push(
      '',
      "Local state: the runtime runs steps on a virtual clock, so riposte's own durations are 0 here.",
    );
  return lines.join('\n');
}
