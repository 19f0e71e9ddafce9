import type { Command } from 'commander';
import { OPERATOR } from './context.ts';

/** `riposte approve <token> --aws`: let a block waiting for approval continue. */
export function registerApprove(program: Command): void {
  registerDecision(program, 'approve');
}

/** `riposte deny <token> --aws`: refuse a block waiting for approval. */
export function registerDeny(program: Command): void {
  registerDecision(program, 'deny');
}

function registerDecision(program: Command, decision: 'approve' | 'deny'): void {
  program
    .command(decision)
    .description(
      `${decision} a block waiting for approval (the task token from the page) on the deployed stack`,
    )
    .argument('<token>', 'the task token the approval page names')
    .option('--by <name>', 'who decides', OPERATOR)
    .option('--reason <text>', 'why', decision === 'approve' ? 'reviewed' : 'not justified')
    .option('--aws', 'answer on the deployed stack (SendTaskSuccess / SendTaskFailure)')
    .action(async (token: string, o: { by: string; reason: string; aws?: boolean }) => {
      if (!o.aws) {
        throw new Error(
          'local approvals are answered by policy while the run is in progress: use `simulate --approvals approve` or `block --approved`; add --aws to answer a deployed execution',
        );
      }
      const { answerApproval } = await import('../operator.ts');
      await answerApproval(token, decision === 'approve', o.by, o.reason);
      process.stdout.write(`${decision === 'approve' ? 'approved' : 'denied'}: the execution continues\n`);
    });
}
