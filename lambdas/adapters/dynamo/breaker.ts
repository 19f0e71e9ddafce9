import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';

/**
 * The circuit breaker's counters, in the incidents table (pk BREAKER, sk = window): one atomic
 * conditional increment per automated disable or reset, so concurrent executions share one budget.
 */
export class BreakerStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Count one change in this window; false (nothing counted) when the window already holds `max`. */
  async take(window: { key: string; endsAt: string }, max: number): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: 'BREAKER', sk: window.key },
          UpdateExpression: 'ADD #n :one SET endsAt = :end',
          ConditionExpression: 'attribute_not_exists(#n) OR #n < :max',
          ExpressionAttributeNames: { '#n': 'changes' },
          ExpressionAttributeValues: { ':one': 1, ':max': max, ':end': window.endsAt },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
