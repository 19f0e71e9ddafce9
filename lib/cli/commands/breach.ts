import type { Command } from 'commander';
import { localContext, OPERATOR } from './context.ts';

/**
 * `riposte breach INCIDENT`: mark a personal-data breach and start its legal clocks, show them, or close one
 * with the report's reference.
 */
export function registerBreach(program: Command): void {
  program
    .command('breach')
    .description(
      "mark an incident as a personal-data breach and start its legal clocks (APPI, GDPR, …), show them, or close one with the report's reference",
    )
    .argument('<incident>', 'incident id')
    .option('--aware-at <time>', 'when you became aware of the breach (ISO 8601): marks the breach')
    .option(
      '--jurisdictions <list>',
      'comma-separated jurisdiction ids (default: legal.defaultJurisdictions)',
    )
    .option('--close <clock>', 'close a clock, e.g. appi:preliminary (needs --reference)')
    .option('--reference <ref>', "the submitted report's reference at the authority")
    .option('--by <name>', 'who acts', OPERATOR)
    .option('--aws', 'act on the deployed stack (incidents table, Scheduler)')
    .option('--json', 'print the clocks as JSON')
    .action(async (incidentId: string, _o: unknown, command: Command) => {
      const o = command.optsWithGlobals<{
        awareAt?: string;
        jurisdictions?: string;
        close?: string;
        reference?: string;
        by: string;
        aws?: boolean;
        json?: boolean;
      }>();
      if (o.awareAt && o.close)
        command.error('--aware-at marks a breach and --close closes a clock: one at a time', { exitCode: 2 });
      if (o.close && !o.reference)
        command.error("--close needs --reference (the report's receipt or case number)", { exitCode: 2 });
      if (o.jurisdictions && !o.awareAt)
        command.error('--jurisdictions goes with --aware-at', { exitCode: 2 });
      const { awsBreach, localBreach, renderBreach } = await import('../breach.ts');
      const { stateDir, config } = await localContext(command);
      const request = o.awareAt
        ? {
            kind: 'mark' as const,
            incidentId,
            awareAt: new Date(o.awareAt),
            jurisdictions: (o.jurisdictions ?? '')
              .split(',')
              .map((j) => j.trim())
              .filter(Boolean),
            by: o.by,
          }
        : o.close
          ? { kind: 'close' as const, incidentId, clockId: o.close, reference: String(o.reference), by: o.by }
          : { kind: 'show' as const, incidentId };
      const out = o.aws ? await awsBreach(request, config) : await localBreach(request, stateDir, config);
      process.stdout.write(o.json ? `${JSON.stringify(out)}\n` : `${renderBreach(out)}\n`);
    });
}
