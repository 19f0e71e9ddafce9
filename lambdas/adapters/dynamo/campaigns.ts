import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CampaignMark } from '../../core/campaign.ts';
import { inParallel } from './batch.ts';

/**
 * Which incident each indicator (ip:…, host:…, user:…) last belonged to, in the incidents table:
 * pk = CAMPAIGN#<indicator>, sk = LATEST. A mark only moves forward in time (conditional UpdateItem), so an
 * alert delivered late never pulls an indicator back to an older incident.
 */
export class CampaignIndex {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async marks(indicators: readonly string[]): Promise<CampaignMark[]> {
    const marks: CampaignMark[] = [];
    for (let i = 0; i < indicators.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = indicators
        .slice(i, i + 100)
        .map((indicator) => ({ pk: pk(indicator), sk: 'LATEST' }));
      for (let attempt = 0; keys && keys.length > 0; attempt++) {
        if (attempt > 8) throw new Error(`DynamoDB left ${keys.length} campaign key(s) unprocessed`);
        const result: BatchGetCommandOutput = await this.client.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }),
        );
        for (const item of result.Responses?.[this.tableName] ?? []) {
          marks.push({
            indicator: String(item.pk).slice(PREFIX.length),
            incidentId: String(item.incidentId),
            lastSeen: Number(item.lastSeen),
          });
        }
        keys = result.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return marks;
  }

  async mark(indicators: readonly string[], incidentId: string, lastSeen: number): Promise<void> {
    await inParallel(indicators, 16, async (indicator) => {
      try {
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { pk: pk(indicator), sk: 'LATEST' },
            UpdateExpression: 'SET incidentId = :i, lastSeen = :t',
            ConditionExpression: 'attribute_not_exists(lastSeen) OR lastSeen <= :t',
            ExpressionAttributeValues: { ':i': incidentId, ':t': lastSeen },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    });
  }

  /**
   * Record which incident an alert went to, once: the first decision wins (conditional put), so a
   * re-delivered alert lands where it landed the first time even if its indicators moved on since.
   */
  async decide(alertDigest: string, incidentId: string): Promise<string> {
    const Key = { pk: `ALERT#${alertDigest}`, sk: 'INCIDENT' };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...Key, incidentId },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return incidentId;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const { Item } = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key, ConsistentRead: true }),
      );
      return String(Item?.incidentId ?? incidentId);
    }
  }
}

const PREFIX = 'CAMPAIGN#';
const pk = (indicator: string) => `${PREFIX}${indicator}`;
