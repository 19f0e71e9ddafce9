import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import type { BlockEntry } from '../../core/blocklist.ts';
import { BATCH_CONCURRENCY, batchPut, inParallel } from './batch.ts';

export type { BlockEntry };

export class BlocklistStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Write entries as the single writer decided them (no conditions needed: nobody else writes). */
  async putAll(entries: readonly BlockEntry[]): Promise<void> {
    await batchPut(
      this.client,
      this.tableName,
      entries.map((e) => stripUndefined({ ...e, incidentIds: new Set(e.incidentIds) })),
    );
  }

  /** The entries for these CIDRs that exist (BatchGetItem: 100 keys a call, a few at once, retrying the rest). */
  async get(cidrs: readonly string[]): Promise<BlockEntry[]> {
    const entries: BlockEntry[] = [];
    const chunks: string[][] = [];
    for (let i = 0; i < cidrs.length; i += 100) chunks.push(cidrs.slice(i, i + 100));
    await inParallel(chunks, BATCH_CONCURRENCY, async (chunk) => {
      let keys: Record<string, unknown>[] | undefined = chunk.map((cidr) => ({ cidr }));
      while (keys && keys.length > 0) {
        const page: BatchGetCommandOutput = await this.client.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }),
        );
        entries.push(...(page.Responses?.[this.tableName] ?? []).map(toEntry));
        keys = page.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    });
    return entries.sort((a, b) => a.cidr.localeCompare(b.cidr));
  }

  /** Every entry, expired or not: callers decide with their own clock. */
  async all(): Promise<BlockEntry[]> {
    const entries: BlockEntry[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new ScanCommand({ TableName: this.tableName, ConsistentRead: true, ExclusiveStartKey }),
      );
      for (const item of page.Items ?? []) {
        entries.push({
          ...item,
          incidentIds: [...((item.incidentIds as Set<string>) ?? [])].sort(),
        } as BlockEntry);
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return entries;
  }
}

function toEntry(item: Record<string, unknown>): BlockEntry {
  return { ...item, incidentIds: [...((item.incidentIds as Set<string>) ?? [])].sort() } as BlockEntry;
}

function stripUndefined(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined));
}
