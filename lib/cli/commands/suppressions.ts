import type { Command } from 'commander';
import { runCaseCommand } from './case-command.ts';
import { OPERATOR } from './context.ts';
import { withTargetOptions } from './target-options.ts';

/** `riposte suppressions [accept|reject KEY --reason …]`: what false positives proposed to stop detecting. */
export function registerSuppressions(program: Command): void {
  withTargetOptions(
    program
      .command('suppressions')
      .description(
        'list suppression candidates from false positives; accept or reject one (detection ignores only accepted ones)',
      )
      .argument('[decision]', 'accept or reject; omit to list')
      .argument('[key]', 'address:CIDR or account:NAME, as listed')
      .option('--reason <text>', 'why (accept and reject)')
      .option('--state <state>', 'list only candidate, accepted or rejected')
      .option('--by <name>', 'who decides (locally; on AWS your IAM identity is recorded)', OPERATOR)
      .option('--json', 'print as JSON'),
  ).action(
    async (
      decision: string | undefined,
      key: string | undefined,
      o: { reason?: string; state?: string },
      command: Command,
    ) => {
      const { UsageError } = await import('../target.ts');
      const { listSuppressions, decideSuppression } = await import('../../../lambdas/case/index.ts');
      const { renderSuppressions } = await import('../case-render.ts');
      if (decision === undefined) {
        if (o.state && !['candidate', 'accepted', 'rejected'].includes(o.state))
          throw new UsageError(`--state takes candidate, accepted or rejected, not "${o.state}"`);
        const state = o.state as 'candidate' | 'accepted' | 'rejected' | undefined;
        await runCaseCommand(command, (s) => listSuppressions(s.deps, state), renderSuppressions, 'reads');
        return;
      }
      if (decision !== 'accept' && decision !== 'reject')
        throw new UsageError(`suppressions takes accept or reject, not "${decision}"`);
      if (!key) throw new UsageError(`name the suppression to ${decision}: address:CIDR or account:NAME`);
      await runCaseCommand(
        command,
        (s) =>
          decideSuppression(s.deps, s.actor, key, { accept: decision === 'accept', reason: o.reason ?? '' }),
        (s) => `${s.kind}:${s.value} ${s.state} (${s.decisionReason})`,
      );
    },
  );
}
