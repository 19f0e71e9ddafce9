import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  type CustodyEntry,
  type CustodyFields,
  type CustodyHead,
  custodyHash,
  nextCustodyEntry,
} from '../../core/custody.ts';

const ENTRY = 'CUSTODY#E#';
const HEAD = 'CUSTODY#HEAD';
const MAX_ATTEMPTS = 5;

const entryKey = (seq: number) => `${ENTRY}${String(seq).padStart(8, '0')}`;
const pk = (id: string) => `INCIDENT#${id}`;

/**
 * An incident's chain of custody in the incidents table: one item per entry (sk CUSTODY#E#<seq>), each
 * written once with attribute_not_exists, plus a head item naming the last entry and its hash, so a
 * removed or altered tail shows too. Two writers racing for the same position: one wins, the other
 * re-reads and appends after it.
 */
export class CustodyLedger {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async append(incidentId: string, fields: CustodyFields): Promise<CustodyEntry> {
    for (let attempt = 1; ; attempt++) {
      const [last, head] = await Promise.all([this.last(incidentId), this.head(incidentId)]);
      const entry = nextCustodyEntry(last, fields, head);
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { pk: pk(incidentId), sk: entryKey(entry.seq), entry },
            ConditionExpression: 'attribute_not_exists(sk)',
          }),
        );
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
      await this.moveHead(incidentId, { seq: entry.seq, hash: custodyHash(entry) });
      return entry;
    }
  }

  /** Every entry in position order, as stored. */
  async entries(incidentId: string): Promise<CustodyEntry[]> {
    const out: CustodyEntry[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
          ExpressionAttributeValues: { ':pk': pk(incidentId), ':e': ENTRY },
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) out.push(item.entry as CustodyEntry);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return out;
  }

  /** The most recent entry of this action (read from the end back), or undefined when there is none. */
  async latest(incidentId: string, action: CustodyEntry['action']): Promise<CustodyEntry | undefined> {
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
          ExpressionAttributeValues: { ':pk': pk(incidentId), ':e': ENTRY },
          ScanIndexForward: false,
          Limit: 50,
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      );
      const found = (page.Items ?? []).map((i) => i.entry as CustodyEntry).find((e) => e.action === action);
      if (found) return found;
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return undefined;
  }

  async head(incidentId: string): Promise<CustodyHead | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: pk(incidentId), sk: HEAD },
        ConsistentRead: true,
      }),
    );
    return Item ? { seq: Number(Item.seq), hash: String(Item.hash) } : undefined;
  }

  private async last(incidentId: string): Promise<CustodyEntry | undefined> {
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
        ExpressionAttributeValues: { ':pk': pk(incidentId), ':e': ENTRY },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    return Items?.[0]?.entry as CustodyEntry | undefined;
  }

  /** The head only moves forward: a slower writer of an earlier entry cannot pull it back. */
  private async moveHead(incidentId: string, head: CustodyHead): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: pk(incidentId), sk: HEAD, ...head },
          ConditionExpression: 'attribute_not_exists(sk) OR seq < :seq',
          ExpressionAttributeValues: { ':seq': head.seq },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
