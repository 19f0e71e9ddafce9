import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuthEvent } from '../../core/auth-event.ts';
import type { SigninProfile, SigninProfiles } from '../../core/detect/index.ts';
import { batchGet, batchPut, inParallel } from './batch.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * The detect function's memory between invocations, in its own table:
 * - EVENTS#<minute> / <time>#<digest>: recent sign-in records, one partition per minute, so a window is a
 *   few Queries; a re-delivered record lands on the same key;
 * - PROFILE#<user> / RISK: the countries and last located sign-in of each user (risky sign-ins);
 * - EMITTED#<detection id> / <fingerprint>: detections already published, claimed with a conditional put;
 * - LOCKOUTS#<day> / <time>#<digest>: lockout records, kept for lockout.repeatMinutes (repeated lockouts).
 * Items carry `expiresAt` (ms), compared in code (dynalite has no TTL; DynamoDB's deletes lazily), and `ttl`
 * (seconds) so DynamoDB TTL cleans them up on AWS.
 */
export class DetectionStateStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async addEvents(events: readonly AuthEvent[], keepUntil: number): Promise<void> {
    await batchPut(
      this.client,
      this.tableName,
      events.map((e) => {
        const json = JSON.stringify(e);
        return {
          pk: bucket(e.time),
          sk: `${String(e.time).padStart(15, '0')}#${createHash('sha256').update(json).digest('hex').slice(0, 16)}`,
          e: json,
          ...expiry(keepUntil),
        };
      }),
    );
  }

  /**
   * Lockout records, kept longer than the window (lockout.repeatMinutes) in one partition per day, so an
   * account that locks out again an hour later is counted with its earlier lockouts.
   */
  async addLockouts(events: readonly AuthEvent[], keepUntil: number): Promise<void> {
    await batchPut(
      this.client,
      this.tableName,
      events.map((e) => {
        const json = JSON.stringify(e);
        return {
          pk: `LOCKOUTS#${new Date(e.time).toISOString().slice(0, 10)}`,
          sk: `${String(e.time).padStart(15, '0')}#${createHash('sha256').update(json).digest('hex').slice(0, 16)}`,
          e: json,
          ...expiry(keepUntil),
        };
      }),
    );
  }

  /** Lockout records with times in [from, to] that have not expired at `now`: a Query per day. */
  async lockouts(from: number, to: number, now: number): Promise<AuthEvent[]> {
    if (to < from) return [];
    const days: string[] = [];
    for (let d = Math.floor(from / DAY); d <= Math.floor(to / DAY); d++)
      days.push(`LOCKOUTS#${new Date(d * DAY).toISOString().slice(0, 10)}`);
    const found: AuthEvent[] = [];
    for (const pk of days) {
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: {
              ':pk': pk,
              ':from': String(from).padStart(15, '0'),
              ':to': `${String(to).padStart(15, '0')}#~`,
            },
            ExclusiveStartKey,
          }),
        );
        for (const item of page.Items ?? []) {
          if (Number(item.expiresAt) <= now) continue;
          found.push(JSON.parse(String(item.e)) as AuthEvent);
        }
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
    }
    return found.sort((a, b) => a.time - b.time);
  }

  /** Records with times in [from, to] that have not expired at `now`. */
  async events(from: number, to: number, now: number): Promise<AuthEvent[]> {
    const buckets: string[] = [];
    for (let m = Math.floor(from / MINUTE); m <= Math.floor(to / MINUTE); m++)
      buckets.push(bucket(m * MINUTE));
    const found: AuthEvent[] = [];
    await inParallel(buckets, 8, async (pk) => {
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': pk },
            ExclusiveStartKey,
          }),
        );
        for (const item of page.Items ?? []) {
          if (Number(item.expiresAt) <= now) continue;
          const event = JSON.parse(String(item.e)) as AuthEvent;
          if (event.time >= from && event.time <= to) found.push(event);
        }
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
    });
    return found.sort((a, b) => a.time - b.time);
  }

  async profiles(users: readonly string[], now: number): Promise<SigninProfiles> {
    const keys = users.map((u) => ({ pk: `PROFILE#${u}`, sk: 'RISK' }));
    const profiles: SigninProfiles = new Map();
    for (const item of await batchGet(this.client, this.tableName, keys)) {
      if (Number(item.expiresAt) <= now) continue;
      profiles.set(
        String(item.pk).slice('PROFILE#'.length),
        JSON.parse(String(item.profile)) as SigninProfile,
      );
    }
    return profiles;
  }

  async saveProfiles(profiles: SigninProfiles, keepUntil: number): Promise<void> {
    await batchPut(
      this.client,
      this.tableName,
      [...profiles].map(([user, profile]) => ({
        pk: `PROFILE#${user}`,
        sk: 'RISK',
        profile: JSON.stringify(profile),
        ...expiry(keepUntil),
      })),
    );
  }

  /** Give a claim back when the detection could not be published, so the retried delivery publishes it. */
  async release(detectionId: string, fingerprint: string): Promise<void> {
    await this.client.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: { pk: `EMITTED#${detectionId}`, sk: fingerprint },
      }),
    );
  }

  /** Claim the right to publish a detection in this shape; false when it was published already. */
  async claim(detectionId: string, fingerprint: string, now: number, keepUntil: number): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: `EMITTED#${detectionId}`, sk: fingerprint, ...expiry(keepUntil) },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
          ExpressionAttributeValues: { ':now': now },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}

const bucket = (time: number) =>
  `EVENTS#${new Date(Math.floor(time / MINUTE) * MINUTE).toISOString().slice(0, 16)}`;
const expiry = (until: number) => ({ expiresAt: until, ttl: Math.ceil(until / 1000) });
