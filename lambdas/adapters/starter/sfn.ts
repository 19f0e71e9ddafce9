import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { NamedError } from '../named-error.ts';
import type { PlaybookStarter } from './port.ts';

/** Starts playbooks with StartExecution; the deterministic name turns a re-delivered alert into a no-op. */
export class SfnPlaybookStarter implements PlaybookStarter {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArns: Record<string, string>,
  ) {}

  async start(playbook: string, executionName: string, input: unknown) {
    const stateMachineArn = this.stateMachineArns[playbook];
    if (!stateMachineArn)
      throw new NamedError('UnknownPlaybook', `no state machine is deployed for playbook "${playbook}"`);
    const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;
    try {
      await this.client.send(
        new StartExecutionCommand({ stateMachineArn, name: executionName, input: JSON.stringify(input) }),
      );
      return { executionId: executionArn, duplicate: false };
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists) return { executionId: executionArn, duplicate: true };
      throw error;
    }
  }
}
