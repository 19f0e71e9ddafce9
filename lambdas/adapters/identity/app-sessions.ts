import {
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  type QueryCommandOutput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { NamedError } from '../named-error.ts';
import { notRestorable, notSupported } from './errors.ts';
import type { AccountState, ContainAction, IdentityProvider } from './port.ts';

/** One application session; table key is (userId, sessionId). */
export interface SessionItem {
  userId: string;
  sessionId: string;
  /** ISO timestamps. */
  createdAt: string;
  expiresAt: string;
  revokedAt?: string;
  sourceIp?: string;
}

export interface AppSessionsOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  now: () => Date;
}

/** Sessions an application keeps in DynamoDB; revoking marks them, the application checks `revokedAt`. */
export class AppSessionsProvider implements IdentityProvider {
  readonly name = 'app-sessions' as const;
  readonly supports = ['revoke-sessions'] as const;
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly now: () => Date;

  constructor(opts: AppSessionsOptions) {
    this.client = opts.client;
    this.tableName = opts.tableName;
    this.now = opts.now;
  }

  async getState(user: string): Promise<AccountState> {
    const sessions = await this.sessions(user);
    const at = this.now();
    return {
      user,
      provider: this.name,
      exists: sessions.length > 0,
      activeSessions: sessions.filter((s) => isActive(s, at)).length,
    };
  }

  async revokeSessions(user: string): Promise<{ revoked?: number }> {
    const sessions = await this.sessions(user);
    if (sessions.length === 0) {
      throw new NamedError('UserNotFoundException', `No sessions recorded for user ${user}.`);
    }
    const at = this.now();
    let revoked = 0;
    for (const s of sessions.filter((x) => isActive(x, at))) {
      try {
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { userId: s.userId, sessionId: s.sessionId },
            UpdateExpression: 'SET revokedAt = :now',
            // Skip sessions deleted meanwhile (TTL, logout) and keep the first revocation time on retries.
            ConditionExpression: 'attribute_exists(sessionId) AND attribute_not_exists(revokedAt)',
            ExpressionAttributeValues: { ':now': at.toISOString() },
          }),
        );
        revoked++;
      } catch (err) {
        if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
      }
    }
    return { revoked };
  }

  async forcePasswordReset(_user: string): Promise<void> {
    throw notSupported(
      this.name,
      'reset passwords; reset them in the identity provider that holds the credentials',
    );
  }

  async disable(_user: string): Promise<void> {
    throw notSupported(this.name, 'disable accounts; disable them in the identity provider');
  }

  async undo(_action: ContainAction, _prior: AccountState): Promise<string> {
    // Un-revoking would hand a possibly stolen session back to whoever holds it.
    throw notRestorable(this.name, 'revoked sessions stay revoked; the user signs in again');
  }

  private async sessions(user: string): Promise<SessionItem[]> {
    const items: SessionItem[] = [];
    let start: QueryCommandOutput['LastEvaluatedKey'];
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'userId = :u',
          ExpressionAttributeValues: { ':u': user },
          // Strong reads so a revoke just made is visible to the next check.
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...((out.Items ?? []) as SessionItem[]));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }
}

/** Not revoked and not expired. TTL deletion is lazy (up to days late), so expiry is checked here. */
function isActive(s: SessionItem, at: Date): boolean {
  return !s.revokedAt && Date.parse(s.expiresAt) > at.getTime();
}

/** Writes one session item (local runtime and tests). */
export async function seedSession(
  client: DynamoDBDocumentClient,
  tableName: string,
  item: SessionItem,
): Promise<void> {
  await client.send(new PutCommand({ TableName: tableName, Item: item }));
}
