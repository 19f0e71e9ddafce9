import type { Command } from 'commander';
import { incidentIdArgument, localContext, OPERATOR } from './context.ts';

/** `riposte relax hold|resume|advance <incident>`: steer an incident's relaxation ladder. */
export function registerRelax(program: Command): void {
  program
    .command('relax')
    .description(
      "hold, resume or advance an incident's relaxation ladder (locally, or on the deployed stack with --aws)",
    )
    .argument(
      '<command>',
      'hold (stop relaxing), resume (continue, re-running held stages now) or advance (run the next stage now, past hold and gate)',
    )
    .argument('<incident>', 'incident id', incidentIdArgument)
    .option('--reason <text>', 'why: goes on the incident timeline', 'operator decision')
    .option('--by <name>', 'who decides', OPERATOR)
    .option('--aws', 'act on the deployed stack (incidents table, Scheduler, StartExecution)')
    .option('--json', 'print the ladder as JSON')
    .action(
      async (
        step: string,
        incidentId: string,
        o: { reason: string; by: string; aws?: boolean; json?: boolean },
        command: Command,
      ) => {
        if (step !== 'hold' && step !== 'resume' && step !== 'advance')
          throw new Error(`relax takes hold, resume or advance, not "${step}"`);
        const { awsLadder, localLadder, renderLadder } = await import('../relax.ts');
        const request = { incidentId, by: o.by, reason: o.reason };
        let result: Awaited<ReturnType<typeof awsLadder>>;
        if (o.aws) result = await awsLadder(step, request);
        else {
          const { stateDir, config } = await localContext(command);
          result = await localLadder(step, request, stateDir, config);
        }
        process.stdout.write(o.json ? `${JSON.stringify(result)}\n` : `${renderLadder(result)}\n`);
      },
    );
}
