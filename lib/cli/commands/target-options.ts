import type { Command } from 'commander';
import type { RiposteConfig } from '../../../lambdas/core/config.ts';
import type { Target } from '../target.ts';
import { type GlobalOptions, localContext, progress } from './context.ts';

/** The --aws / --local pair every command with a target takes. */
export function withTargetOptions(command: Command): Command {
  return command
    .option('--aws', 'act on the deployed stack (default once `riposte target aws` was set)')
    .option('--local', 'act on the local simulation even when the target is AWS');
}

export interface TargetContext {
  target: Target;
  stateDir: string;
  config: RiposteConfig;
  json: boolean;
  progress: (line: string) => void;
}

/** Target, state folder and configuration of one run, from the command's own and the global options. */
export async function targetContext(command: Command): Promise<TargetContext> {
  const o = command.optsWithGlobals<GlobalOptions & { aws?: boolean; local?: boolean; json?: boolean }>();
  const { resolveTarget } = await import('../target.ts');
  const { stateDir, config } = await localContext(command);
  return {
    target: resolveTarget({ aws: o.aws, local: o.local, stateDir }),
    stateDir,
    config,
    json: Boolean(o.json),
    progress,
  };
}
