import type { Command } from 'commander';
import { runCaseCommand } from './case-command.ts';
import { OPERATOR } from './context.ts';
import { withTargetOptions } from './target-options.ts';

/** `riposte note ID TEXT`: a note on the incident's timeline. */
export function registerNote(program: Command): void {
  withTargetOptions(
    program
      .command('note')
      .description("write a note on an incident's timeline (closed incidents take notes too)")
      .argument('<id>', 'incident id')
      .argument('<text...>', 'the note')
      .option('--by <name>', 'who writes it (locally; on AWS your IAM identity is recorded)', OPERATOR)
      .option('--json', 'print the timeline entry as JSON'),
  ).action(async (id: string, text: string[], _o: unknown, command: Command) => {
    const { addNote } = await import('../../../lambdas/case/index.ts');
    await runCaseCommand(
      command,
      (s) => addNote(s.deps, s.actor, id, text.join(' ')),
      (entry) => `noted on ${id} by ${entry.actor}`,
    );
  });
}
