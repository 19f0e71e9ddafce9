import type { Command } from 'commander';
import { localContext, progress } from './context.ts';

/** `riposte launch <playbook> --input FILE`: start a playbook by hand, locally or on the deployed stack. */
export function registerLaunch(program: Command): void {
  program
    .command('launch')
    .description('start a playbook by hand with an input file (locally, or on the deployed stack with --aws)')
    .argument('<playbook>', 'playbook id (see `riposte playbooks`)')
    .requiredOption(
      '--input <file>',
      'JSON input; `riposte playbooks --json` shows each schema and an example',
    )
    .option('--aws', 'start it on the deployed stack (StartExecution) and wait for the result')
    .option('--json', 'print the result as one JSON object')
    .action(
      async (playbook: string, o: { input: string; aws?: boolean; json?: boolean }, command: Command) => {
        const { launchPlaybook } = await import('../launch.ts');
        const { renderOperatorResult } = await import('../render.ts');
        const result = await launchPlaybook(playbook, o.input, {
          aws: Boolean(o.aws),
          ...(await localContext(command)),
          progress,
        });
        process.stdout.write(o.json ? `${JSON.stringify(result)}\n` : `${renderOperatorResult(result)}\n`);
        if (result.status !== 'SUCCEEDED') process.exitCode = 1;
      },
    );
}
