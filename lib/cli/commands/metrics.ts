import * as path from 'node:path';
import type { Command } from 'commander';
import { targetContext, withTargetOptions } from './target-options.ts';

/** `riposte metrics`: time to detect / contain / waiting for people per incident, counts and FP rate per period. */
export function registerMetrics(program: Command): void {
  withTargetOptions(
    program
      .command('metrics')
      .description(
        'response metrics: time to detect, to contain and waiting for people per incident; counts by playbook and verdict, false-positive rate; writes an SVG chart',
      )
      .option('--since <when>', 'incidents opened since: a duration (30d, 12h) or an ISO date', '30d')
      .option('--chart <file>', 'where the SVG chart goes (default: <state>/metrics.svg)')
      .option('--json', 'print the metrics as one JSON object'),
  ).action(async (o: { since: string; chart?: string }, command: Command) => {
    const { collectMetrics, renderMetrics } = await import('../../metrics/collect.ts');
    const context = await targetContext(command);
    const result = await collectMetrics({
      ...context,
      since: o.since,
      chart: o.chart ?? path.join(context.stateDir, 'metrics.svg'),
    });
    process.stdout.write(context.json ? `${JSON.stringify(result)}\n` : `${renderMetrics(result)}\n`);
  });
}
