import type { BlocklistChange } from '../../core/blocklist.ts';

/**
 * Where block and unblock requests wait for the single WAF writer (SQS on AWS). Sending is the block step's
 * durable record; the writer applies them to the blocklist table and WAF in batches.
 */
export interface ChangeQueue {
  send(changes: readonly BlocklistChange[]): Promise<void>;
}

/** One queue message carries the changes of one step; SQS messages hold at most 256 KB. */
export const MAX_CHANGES_PER_MESSAGE = 1_000;

export function toMessages(changes: readonly BlocklistChange[]): string[] {
  const bodies: string[] = [];
  for (let i = 0; i < changes.length; i += MAX_CHANGES_PER_MESSAGE) {
    bodies.push(JSON.stringify({ changes: changes.slice(i, i + MAX_CHANGES_PER_MESSAGE) }));
  }
  return bodies;
}
