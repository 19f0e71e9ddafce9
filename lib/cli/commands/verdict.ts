import type { Command } from 'commander';
import { runCaseCommand } from './case-command.ts';
import { OPERATOR } from './context.ts';
import { withTargetOptions } from './target-options.ts';

/** `riposte verdict ID true-positive|false-positive|benign --reason … [--revert]`. */
export function registerVerdict(program: Command): void {
  withTargetOptions(
    program
      .command('verdict')
      .description(
        'judge an incident: true-positive, false-positive or benign; with --revert a false positive undoes what it did',
      )
      .argument('<id>', 'incident id')
      .argument('<verdict>', 'true-positive, false-positive or benign')
      .requiredOption('--reason <text>', 'why: goes on the timeline')
      .option(
        '--revert',
        'false-positive only: unblock its addresses, re-enable its accounts, release its posture, cancel its relaxation',
      )
      .option('--by <name>', 'who judges (locally; on AWS your IAM identity is recorded)', OPERATOR)
      .option('--json', 'print the verdict (and what was reverted) as JSON'),
  ).action(async (id: string, verdict: string, o: { reason: string; revert?: boolean }, command: Command) => {
    const { UsageError } = await import('../target.ts');
    if (o.revert && verdict !== 'false-positive')
      throw new UsageError(`--revert undoes a false positive; the verdict here is ${verdict}`);
    const { recordVerdict, revertIncident } = await import('../../../lambdas/case/index.ts');
    const { renderVerdict } = await import('../case-render.ts');
    await runCaseCommand(
      command,
      async (s) => {
        const recorded = await recordVerdict(s.deps, s.actor, id, { verdict, reason: o.reason });
        const reverted = o.revert
          ? await revertIncident(s.deps, s.actor, id, { reason: o.reason })
          : undefined;
        return { incidentId: id, verdict: recorded, ...(reverted ? { reverted } : {}) };
      },
      renderVerdict,
    );
    if (verdict === 'false-positive' && !o.revert)
      process.stderr.write(
        `Undo what it did (unblock, re-enable accounts, release posture, cancel relaxation): riposte verdict ${id} false-positive --revert --reason …\n`,
      );
  });
}
