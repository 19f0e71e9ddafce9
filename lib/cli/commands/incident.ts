import type { Command } from 'commander';
import { incidentIdArgument, localContext } from './context.ts';

/** `riposte incident <id>`: one incident from the local state, its summary and timeline. */
export function registerIncident(program: Command): void {
  program
    .command('incident')
    .description(
      'show an incident: its status, what riposte did, what failed, and the timeline (local state)',
    )
    .argument('<id>', 'incident id, e.g. INC-20261120-f009f3fa', incidentIdArgument)
    .option('--json', 'print the incident, its summary and timeline as JSON')
    .action(async (id: string, options: { json?: boolean }, command: Command) => {
      const { localIncidentReport } = await import('../incident.ts');
      const { stateDir, config } = await localContext(command);
      process.stdout.write(await localIncidentReport(id, stateDir, config, Boolean(options.json)));
    });
}
