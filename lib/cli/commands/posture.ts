import type { Command } from 'commander';
import { localContext } from './context.ts';

/** `riposte posture`: every posture control, in force, baseline and emergency, from the local state. */
export function registerPosture(program: Command): void {
  program
    .command('posture')
    .description(
      'show every posture control: in force, baseline, emergency, and which incidents hold it (local state)',
    )
    .option('--json', 'print the controls as JSON')
    .action(async (o: { json?: boolean }, command: Command) => {
      const { localPosture, renderPosture } = await import('../posture.ts');
      const { stateDir, config } = await localContext(command);
      const controls = await localPosture(stateDir, config);
      process.stdout.write(o.json ? `${JSON.stringify(controls)}\n` : `${renderPosture(controls)}\n`);
    });
}
