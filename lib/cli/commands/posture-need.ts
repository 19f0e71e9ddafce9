import type { Command } from 'commander';
import { localContext, OPERATOR, progress } from './context.ts';

/** `riposte posture tighten|release INCIDENT`: subcommands of `riposte posture` (register it first). */
export function registerPostureNeed(program: Command): void {
  const posture = program.commands.find((c) => c.name() === 'posture') ?? program.command('posture');
  for (const action of ['tighten', 'release'] as const) {
    const command = posture
      .command(action)
      .description(
        action === 'tighten'
          ? "make the incident need the emergency posture (every control, or --control …), as its playbook's rule would"
          : 'drop every need the incident has of the posture: each control returns to what other incidents need, or its prior value',
      )
      .argument('<incident>', 'incident id')
      .requiredOption('--reason <text>', 'why (recorded on the incident)')
      .option('--by <who>', 'who asks (recorded on the incident)', OPERATOR)
      .option('--aws', 'on the deployed stack, with your credentials')
      .option('--json', 'print the change as JSON');
    if (action === 'tighten')
      command.option('--control <name...>', 'only these controls (see `riposte posture`)');
    command.action(
      async (
        incidentId: string,
        o: { reason: string; by: string; aws?: boolean; json?: boolean; control?: string[] },
        cmd: Command,
      ) => {
        const { CONTROL_NAMES } = await import('../../../lambdas/core/posture.ts');
        const unknown = (o.control ?? []).filter((c) => !(CONTROL_NAMES as readonly string[]).includes(c));
        if (unknown.length > 0) {
          process.stderr.write(`unknown control ${unknown.join(', ')}: use ${CONTROL_NAMES.join(', ')}\n`);
          process.exitCode = 2;
          return;
        }
        const { runPostureNeed, renderPostureChange } = await import('../posture-need.ts');
        try {
          const change = await runPostureNeed(action, incidentId, {
            ...(await localContext(cmd)),
            aws: Boolean(o.aws),
            by: o.by,
            reason: o.reason,
            controls: o.control as never,
            progress,
          });
          process.stdout.write(
            o.json ? `${JSON.stringify(change)}\n` : `${renderPostureChange(change, Boolean(o.aws))}\n`,
          );
          if (change.failures.length > 0) process.exitCode = 1;
        } catch (error) {
          process.stderr.write(`riposte posture ${action}: ${(error as Error).message}\n`);
          process.exitCode = (error as Error).name === 'IncidentNotFound' ? 2 : 1;
        }
      },
    );
  }
}
