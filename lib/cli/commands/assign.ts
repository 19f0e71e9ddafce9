import type { Command } from 'commander';
import { runCaseCommand } from './case-command.ts';
import { OPERATOR } from './context.ts';
import { withTargetOptions } from './target-options.ts';

/** `riposte assign ID PERSON`: give an incident an owner (a known responder). */
export function registerAssign(program: Command): void {
  withTargetOptions(
    program
      .command('assign')
      .description(
        'give an incident an owner, a known responder (riposte.responders); recorded on its timeline',
      )
      .argument('<id>', 'incident id')
      .argument('<person>', 'the responder who owns it from now on')
      .option('--by <name>', 'who is assigning (locally; on AWS your IAM identity is recorded)', OPERATOR)
      .option('--json', 'print the incident as JSON'),
  ).action(async (id: string, person: string, _o: unknown, command: Command) => {
    const { assignIncident } = await import('../../../lambdas/case/index.ts');
    await runCaseCommand(
      command,
      (s) => assignIncident(s.deps, s.actor, id, person),
      (incident) => `${incident.id} assigned to ${incident.owner}`,
    );
  });
}
