import type { Command } from 'commander';
import type { RiposteConfig } from '../../../lambdas/core/config.ts';

/** The global options every command inherits (`--state`, `--config`). */
export interface GlobalOptions {
  state: string;
  config?: string;
}

/** Progress goes to stderr, so stdout stays the command's result (`--json` prints exactly one object). */
export const progress = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/** The local state folder and the configuration the command runs with, read when the command runs. */
export async function localContext(command: Command): Promise<{ stateDir: string; config: RiposteConfig }> {
  const globals = command.optsWithGlobals<GlobalOptions>();
  const { loadConfig } = await import('../../local/config-source.ts');
  return { stateDir: globals.state, config: loadConfig(globals.config) };
}

/** Who is asking, when a command records it and `--by` is not given. */
export const OPERATOR = process.env.USER ?? 'operator';
