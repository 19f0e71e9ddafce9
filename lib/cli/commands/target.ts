import type { Command } from 'commander';
import { loadTarget, saveTarget, type Target, targetBanner, UsageError } from '../target.ts';

/** `riposte target [local | aws --stack S]`: show or set where operator and case commands act by default. */
export function registerTarget(program: Command): void {
  program
    .command('target')
    .description(
      'show or set the default target of operator and case commands: the local simulation or a deployed stack',
    )
    .argument('[kind]', 'local, or aws (with --stack); omit to show the current target')
    .option('--stack <name>', 'the deployed stack (aws)', 'Riposte')
    .option('--region <region>', 'its AWS Region (aws; default: the profile or AWS_REGION)')
    .option(
      '--profile <profile>',
      'the AWS profile to use (aws; default: AWS_PROFILE or default credentials)',
    )
    .option('--json', 'print the target as JSON')
    .action(
      (
        kind: string | undefined,
        o: { stack: string; region?: string; profile?: string; json?: boolean },
        command: Command,
      ) => {
        const { state } = command.optsWithGlobals<{ state: string }>();
        let target: Target;
        if (kind === undefined) target = loadTarget(state);
        else if (kind === 'local') target = { kind: 'local' };
        else if (kind === 'aws')
          target = {
            kind: 'aws',
            stack: o.stack,
            ...(o.region ? { region: o.region } : {}),
            ...(o.profile ? { profile: o.profile } : {}),
          };
        else throw new UsageError(`target takes local or aws, not "${kind}"`);
        if (kind !== undefined) saveTarget(state, target);
        if (o.json) process.stdout.write(`${JSON.stringify(target)}\n`);
        else
          process.stdout.write(
            `${kind === undefined ? 'target' : 'target set'}: ${targetBanner(target, state)}\n`,
          );
      },
    );
}
