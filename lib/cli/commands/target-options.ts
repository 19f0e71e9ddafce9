import type { Command } from 'commander';
import { loadConfig } from '../../local/config-source.ts';
import { resolveTarget, type Target } from '../target.ts';

/** The --aws / --local pair every command with a target takes. */
export function withTargetOptions(command: Command): Command {
  return command
    .option('--aws', 'act on the deployed stack (default when `riposte target aws` was set)')
    .option('--local', 'act on the local simulation even when the target is AWS');
}

export interface TargetContext {
  target: Target;
  stateDir: string;
  config: ReturnType<typeof loadConfig>;
  json: boolean;
  progress: (line: string) => void;
}

/** Target, state folder and configuration of one run, from the command's own and the global options. */
export function targetContext(command: Command): TargetContext {
  const o = command.optsWithGlobals<{
    aws?: boolean;
    local?: boolean;
    state: string;
    config?: string;
    json?: boolean;
  }>();
  return {
    target: resolveTarget({ aws: o.aws, local: o.local, stateDir: o.state }),
    stateDir: o.state,
    config: loadConfig(o.config),
    json: Boolean(o.json),
    progress: (line) => process.stderr.write(`${line}\n`),
  };
}
