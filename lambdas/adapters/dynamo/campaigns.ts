import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CampaignMark } from '../../core/campaign.ts';
import { batchGet, inParallel } from './batch.ts';

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
    const keys = indicators.map((indicator) => ({ pk: pk(indicator), sk: 'LATEST' }));
    return (await batchGet(this.client, this.tableName, keys, true)).map((item) => ({
      indicator: String(item.pk).slice(PREFIX.length),
      incidentId: String(item.incidentId),
      lastSeen: Number(item.lastSeen),
    }));
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
