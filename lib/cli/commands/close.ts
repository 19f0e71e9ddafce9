import type { Command } from 'commander';
import { runCaseCommand } from './case-command.ts';
import { OPERATOR } from './context.ts';
import { withTargetOptions } from './target-options.ts';

/** `riposte close ID --reason …`: close the case; its outcome and verdict stay on it. */
export function registerClose(program: Command): void {
  withTargetOptions(
    program
      .command('close')
      .description('close an incident with a reason; a closed incident takes notes but no other change')
      .argument('<id>', 'incident id')
      .requiredOption('--reason <text>', 'why it is closed: goes on the timeline')
      .option('--by <name>', 'who closes it (locally; on AWS your IAM identity is recorded)', OPERATOR)
      .option('--json', 'print the incident as JSON'),
  ).action(async (id: string, o: { reason: string }, command: Command) => {
    const { closeIncident } = await import('../../../lambdas/case/index.ts');
    await runCaseCommand(
      command,
      (s) => closeIncident(s.deps, s.actor, id, { reason: o.reason }),
      (incident) =>
        `${incident.id} closed (outcome ${incident.status}${incident.verdict ? `, verdict ${incident.verdict.value}` : ', no verdict'})`,
    );
  });
}
