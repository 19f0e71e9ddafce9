import type { Command } from 'commander';
import type { RiposteConfig } from '../../../lambdas/core/config.ts';
import { terminalText } from '../../../lambdas/core/safe-text.ts';

/** The global options every command inherits (`--state`, `--config`). */
export interface GlobalOptions {
  state: string;
  config?: string;
}

/** Progress goes to stderr, so stdout stays the command's result (`--json` prints exactly one object). */
export const progress = (line: string): void => {
  // Progress quotes alert and log text (ids, names, errors): neutralized for the terminal.
  process.stderr.write(`${terminalText(line)}\n`);
};

/** The local state folder and the configuration the command runs with, read when the command runs. */
export async function localContext(command: Command): Promise<{ stateDir: string; config: RiposteConfig }> {
  const globals = command.optsWithGlobals<GlobalOptions>();
  const { loadConfig } = await import('../../local/config-source.ts');
  return { stateDir: globals.state, config: loadConfig(globals.config) };
}

/** Who is asking, when a command records it and `--by` is not given. */
export const OPERATOR = process.env.USER ?? 'operator';

/** An incident id argument: anything else (a 5,000-character string, a path) is a usage error, said plainly. */
export function incidentIdArgument(value: string): string {
  if (/^INC-\d{8}-[0-9a-f]{8}$/.test(value)) return value;
  const shown = value.length > 40 ? `${value.slice(0, 40)}… (${value.length} characters)` : value;
  const error = new Error(`"${shown}" is not an incident id: it looks like INC-20261120-3f9a1c2b`);
  error.name = 'UsageError';
  throw error;
}
