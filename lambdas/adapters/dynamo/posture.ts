import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ControlName, ControlState } from '../../core/posture.ts';

interface StoredControl extends ControlState {
  version: number;
}

/**
 * The shared posture in the incidents table: pk = POSTURE, sk = control name; each item holds the
 * control's prior value and what every open incident needs. Writes are conditional on the version read,
 * so two incidents tightening or relaxing at once never lose each other's need.
 */
export class PostureStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async all(): Promise<Partial<Record<ControlName, ControlState>>> {
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'POSTURE' },
        ConsistentRead: true,
      }),
    );
    return Object.fromEntries(
      (Items ?? []).map((i) => [i.sk, { prior: i.prior, needs: i.needs ?? {} } as ControlState]),
    );
  }

  /** Change one control's state; `change` sees the latest state and is run again if another writer won. */
  async update(
    control: ControlName,
    change: (state: ControlState | undefined) => ControlState,
  ): Promise<ControlState> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.read(control);
      const next = change(current && { prior: current.prior, needs: current.needs });
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { pk: 'POSTURE', sk: control, ...next, version: (current?.version ?? 0) + 1 },
            ConditionExpression: current ? 'version = :v' : 'attribute_not_exists(pk)',
            ...(current ? { ExpressionAttributeValues: { ':v': current.version } } : {}),
          }),
        );
        return next;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException) || attempt >= 10) throw error;
      }
    }
  }

  private async read(control: ControlName): Promise<StoredControl | undefined> {
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk = :sk',
        ExpressionAttributeValues: { ':pk': 'POSTURE', ':sk': control },
        ConsistentRead: true,
      }),
    );
    const item = Items?.[0];
    return item ? { prior: item.prior, needs: item.needs ?? {}, version: Number(item.version) } : undefined;
  }
}
