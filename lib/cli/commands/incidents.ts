import type { Command } from 'commander';
import { targetContext, withTargetOptions } from './target-options.ts';

/** `riposte incidents`: the case list, from the incidents table's ByMonth index (local or deployed). */
export function registerIncidents(program: Command): void {
  withTargetOptions(
    program
      .command('incidents')
      .description('list incidents, newest first: id, status, playbook, severity, owner, age, open approvals')
      .option(
        '--status <status>',
        'only these statuses, comma-separated: open, contained, partial, failed, closed',
      )
      .option('--since <when>', 'opened since: a duration (7d, 12h, 30m) or an ISO date', '30d')
      .option('--limit <n>', 'at most this many rows', (v) => Number(v), 200)
      .option('--json', 'print the rows as JSON'),
  ).action(async (o: { status?: string; since: string; limit: number }, command: Command) => {
    const context = await targetContext(command);
    const [{ withCaseSession }, { listIncidents }, { renderIncidentRows }] = await Promise.all([
      import('../case-session.ts'),
      import('../../../lambdas/case/index.ts'),
      import('../case-render.ts'),
    ]);
    const { result } = await withCaseSession({ ...context, mode: 'reads' }, (s) =>
      listIncidents(s.deps, { status: o.status, since: o.since, limit: o.limit }),
    );
    process.stdout.write(context.json ? `${JSON.stringify(result)}\n` : `${renderIncidentRows(result)}\n`);
  });
}
