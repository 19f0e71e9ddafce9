import type { Command } from 'commander';
import { registerEvidenceCommands } from '../evidence-commands.ts';
import { localContext, progress } from './context.ts';

/** `riposte evidence verify|export|hold`: check sealed evidence and hand it over. */
export function registerEvidence(program: Command): void {
  registerEvidenceCommands(program, localContext, progress);
}
