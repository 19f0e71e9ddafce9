import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  DeleteCommand,
  type DynamoDBDocumentClient,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { IpVersion } from '../../core/cidr.ts';

/** One desired WAF block: the blocklist table is the truth the WAF writer reconciles IP sets to. */
export interface BlockEntry {
  cidr: string;
  version: IpVersion;
  incidentIds: string[];
  reason: string;
  severity: number;
  createdAt: string;
  updatedAt: string;
  /** Compared in code: DynamoDB TTL deletes lazily, days late, so it is no timer. */
  expiresAt: string;
}

export interface BlockRequest {
  cidr: string;
  version: IpVersion;
  incidentId: string;
  reason: string;
  severity: number;
  expiresAt: string;
}

export class BlocklistStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Record a desired block. Re-recording adds the incident and only ever extends the expiry,
   * so a replayed step or an overlapping incident never shortens an existing block.
   */
  async record(request: BlockRequest, now: Date): Promise<void> {
    const base = {
      TableName: this.tableName,
      Key: { cidr: request.cidr },
      ExpressionAttributeNames: { '#v': 'version' },
    };
    const values = {
      ':inc': new Set([request.incidentId]),
      ':v': request.version,
      ':now': now.toISOString(),
      ':reason': request.reason,
      ':sev': request.severity,
    };
    try {
      await this.client.send(
        new UpdateCommand({
          ...base,
          UpdateExpression:
            'ADD incidentIds :inc SET #v = :v, reason = :reason, severity = :sev, updatedAt = :now, expiresAt = :exp, createdAt = if_not_exists(createdAt, :now)',
          ConditionExpression: 'attribute_not_exists(expiresAt) OR expiresAt < :exp',
          ExpressionAttributeValues: { ...values, ':exp': request.expiresAt },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      await this.client.send(
        new UpdateCommand({
          ...base,
          UpdateExpression:
            'ADD incidentIds :inc SET #v = :v, updatedAt = :now, severity = :sev, reason = :reason',
          ExpressionAttributeValues: values,
        }),
      );
    }
  }

  async remove(cidr: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { cidr } }));
  }

  /** The entries for these CIDRs that exist (BatchGetItem, 100 keys a call, unprocessed keys retried). */
  async get(cidrs: readonly string[]): Promise<BlockEntry[]> {
    const entries: BlockEntry[] = [];
    for (let i = 0; i < cidrs.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = cidrs.slice(i, i + 100).map((cidr) => ({ cidr }));
      while (keys && keys.length > 0) {
        const page: BatchGetCommandOutput = await this.client.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }),
        );
        entries.push(...(page.Responses?.[this.tableName] ?? []).map(toEntry));
        keys = page.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
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

/** The addresses that should be live in WAF now, per IP version, sorted for stable comparison. */
export function desiredAddresses(entries: readonly BlockEntry[], now: Date): Record<IpVersion, string[]> {
  const live = entries.filter((e) => e.expiresAt > now.toISOString());
  return {
    4: live
      .filter((e) => e.version === 4)
      .map((e) => e.cidr)
      .sort(),
    6: live
      .filter((e) => e.version === 6)
      .map((e) => e.cidr)
      .sort(),
  };
}
