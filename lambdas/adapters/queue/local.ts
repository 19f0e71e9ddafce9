import type { BlocklistChange } from '../../core/blocklist.ts';
import { NamedError } from '../named-error.ts';
import { type ChangeQueue, toMessages } from './port.ts';

export interface QueuedMessage {
  messageId: string;
  body: string;
}

/**
 * In-process stand-in for the writer's SQS queue: messages wait until the local runtime delivers them to
 * the writer in batches, as the event source mapping would.
 */
export class LocalChangeQueue implements ChangeQueue {
  private messages: QueuedMessage[] = [];
  private next = 0;
  private faults: { name: string; times: number }[] = [];
  /** Called after every send, so the runtime knows there is work for the writer. */
  onSend: () => void = () => {};

  async send(changes: readonly BlocklistChange[]): Promise<void> {
    const fault = this.faults[0];
    if (fault) {
      if (--fault.times <= 0) this.faults.shift();
      throw new NamedError(fault.name, `injected fault: ${fault.name}`);
    }
    for (const body of toMessages(changes)) this.messages.push({ messageId: `m-${++this.next}`, body });
    this.onSend();
  }

  /** Take up to `max` messages, oldest first. */
  take(max: number): QueuedMessage[] {
    return this.messages.splice(0, max);
  }

  /** Put messages back at the front (a failed batch becomes visible again). */
  putBack(messages: QueuedMessage[]): void {
    this.messages.unshift(...messages);
  }

  get depth(): number {
    return this.messages.length;
  }

  failNext(name: string, times = 1): void {
    this.faults.push({ name, times });
  }
}
