import { SendTaskFailureCommand, SendTaskSuccessCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { TaskAnswers } from './port.ts';

/** SendTaskSuccess continues the waiting execution; SendTaskFailure(ApprovalDenied) takes its deny path. */
export class SfnTaskAnswers implements TaskAnswers {
  constructor(private readonly client: SFNClient) {}

  async answer(taskToken: string, approve: boolean, by: string, reason: string): Promise<void> {
    if (approve) {
      await this.client.send(
        new SendTaskSuccessCommand({ taskToken, output: JSON.stringify({ approved: true, by, reason }) }),
      );
    } else {
      await this.client.send(
        new SendTaskFailureCommand({
          taskToken,
          error: 'ApprovalDenied',
          cause: `denied by ${by}: ${reason}`,
        }),
      );
    }
  }
}
