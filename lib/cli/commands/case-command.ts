import type { Command } from 'commander';
import type { CaseSession } from '../case-session.ts';
import { targetContext } from './target-options.ts';

/**
 * Run one case operation on the command's target and print its result: JSON with --json, else the
 * rendered line. A local change is bracketed by the banner and the footer that say it changed only the
 * local simulation.
 */
export async function runCaseCommand<T>(
  command: Command,
  work: (session: CaseSession) => Promise<T>,
  render: (result: T) => string,
  mode: 'reads' | 'changes' = 'changes',
): Promise<void> {
  const context = await targetContext(command);
  const { by } = command.optsWithGlobals<{ by?: string }>();
  const { withCaseSession } = await import('../case-session.ts');
  const { result, session } = await withCaseSession({ ...context, mode, ...(by ? { by } : {}) }, work);
  process.stdout.write(context.json ? `${JSON.stringify(result)}\n` : `${render(result)}\n`);
  if (session.footer) context.progress(session.footer);
}
