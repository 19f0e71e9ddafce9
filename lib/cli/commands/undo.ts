import type { Command } from 'commander';
import { incidentIdArgument, localContext, OPERATOR, progress } from './context.ts';

/** `riposte undo <incident> [action]`: put accounts back as they were before containment. */
export function registerUndo(program: Command): void {
  program
    .command('undo')
    .description('put accounts back as they were before containment (re-enable, drop the deny policy, …)')
    .argument('<incident>', 'incident id, e.g. INC-20261120-f009f3fa', incidentIdArgument)
    .argument(
      '[action]',
      'contain-accounts, or disable | force-password-reset | revoke-sessions, optionally :user or :user@provider',
      'contain-accounts',
    )
    .requiredOption('--reason <text>', 'why: recorded on the incident')
    .option('--by <name>', 'who is undoing', OPERATOR)
    .option('--aws', 'undo in the deployed stack, with your AWS credentials')
    .option('--json', 'print what was undone as JSON')
    .action(
      async (
        incident: string,
        action: string,
        o: { reason: string; by: string; aws?: boolean; json?: boolean },
        command: Command,
      ) => {
        const { renderUndo, runUndo } = await import('../undo.ts');
        const lines = await runUndo(incident, action, {
          aws: o.aws,
          ...(await localContext(command)),
          by: o.by,
          reason: o.reason,
          progress,
        });
        process.stdout.write(o.json ? `${JSON.stringify(lines)}\n` : `${renderUndo(lines)}\n`);
        if (lines.some((l) => l.outcome === 'failed')) process.exitCode = 1;
      },
    );
}
