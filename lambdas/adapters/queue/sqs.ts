import {
  SendMessageBatchCommand,
  type SendMessageBatchCommandOutput,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { BlocklistChange } from '../../core/blocklist.ts';
import { NamedError } from '../named-error.ts';
import { type ChangeQueue, toMessages } from './port.ts';

/** Sends changes to the writer's SQS queue, ten messages a call, and fails loudly on any message SQS refused. */
export class SqsChangeQueue implements ChangeQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(changes: readonly BlocklistChange[]): Promise<void> {
    const bodies = toMessages(changes);
    for (let i = 0; i < bodies.length; i += 10) {
      const entries = bodies.slice(i, i + 10).map((MessageBody, n) => ({ Id: String(i + n), MessageBody }));
      const result: SendMessageBatchCommandOutput = await this.client.send(
        new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }),
      );
      if (result.Failed?.length) {
        const [first] = result.Failed;
        throw new NamedError(
          first?.Code ?? 'SendMessageBatchFailed',
          `SQS refused ${result.Failed.length} message(s): ${first?.Message}`,
        );
      }
    }
  }
}
