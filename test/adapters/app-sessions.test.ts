import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppSessionsProvider, seedSession } from '../../lambdas/adapters/identity/app-sessions.ts';

const TABLE = 'app-sessions';
const NOW = new Date('2025-06-01T12:00:00.000Z');
const now = () => NOW;
const hoursFromNow = (h: number) => new Date(NOW.getTime() + h * 3_600_000).toISOString();

let server: ReturnType<typeof dynalite>;
let doc: DynamoDBDocumentClient;

beforeAll(async () => {
  server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, () => resolve()));
  const { port } = server.address() as AddressInfo;
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  });
  doc = DynamoDBDocumentClient.from(client);
  await client.send(
    new CreateTableCommand({
      TableName: TABLE,
      AttributeDefinitions: [
        { AttributeName: 'userId', AttributeType: 'S' },
        { AttributeName: 'sessionId', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'userId', KeyType: 'HASH' },
        { AttributeName: 'sessionId', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
});

afterAll(async () => {
  doc?.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function session(userId: string, sessionId: string, extra: { expiresAt?: string; revokedAt?: string } = {}) {
  return seedSession(doc, TABLE, {
    userId,
    sessionId,
    createdAt: hoursFromNow(-1),
    expiresAt: extra.expiresAt ?? hoursFromNow(1),
    sourceIp: '203.0.113.7',
    ...(extra.revokedAt ? { revokedAt: extra.revokedAt } : {}),
  });
}

async function item(userId: string, sessionId: string) {
  const out = await doc.send(
    new GetCommand({ TableName: TABLE, Key: { userId, sessionId }, ConsistentRead: true }),
  );
  return out.Item;
}

describe('AppSessionsProvider', () => {
  it('counts only active sessions and revokes only those', async () => {
    const earlier = hoursFromNow(-2);
    await session('alice', 's-active-1');
    await session('alice', 's-active-2');
    await session('alice', 's-expired', { expiresAt: hoursFromNow(-0.5) });
    await session('alice', 's-revoked', { revokedAt: earlier });
    await session('bob', 's-bob');
    const provider = new AppSessionsProvider({ client: doc, tableName: TABLE, now });
    expect(provider.name).toBe('app-sessions');
    expect(provider.supports).toEqual(['revoke-sessions']);

    await expect(provider.getState('alice')).resolves.toEqual({
      user: 'alice',
      provider: 'app-sessions',
      exists: true,
      activeSessions: 2,
    });
    await expect(provider.revokeSessions('alice')).resolves.toEqual({ revoked: 2 });

    expect((await item('alice', 's-active-1'))?.revokedAt).toBe(NOW.toISOString());
    expect((await item('alice', 's-active-2'))?.revokedAt).toBe(NOW.toISOString());
    expect((await item('alice', 's-expired'))?.revokedAt).toBeUndefined();
    expect((await item('alice', 's-revoked'))?.revokedAt).toBe(earlier);
    expect((await item('bob', 's-bob'))?.revokedAt).toBeUndefined();

    await expect(provider.getState('alice')).resolves.toMatchObject({ exists: true, activeSessions: 0 });
    await expect(provider.revokeSessions('alice')).resolves.toEqual({ revoked: 0 });
  });

  it('reads every page of a user with many sessions', async () => {
    for (let i = 0; i < 7; i++) await session('carol', `s-${i}`);
    // Force small pages so the LastEvaluatedKey loop runs against the real engine.
    let queries = 0;
    const paged = {
      send: (cmd: unknown) => {
        if (cmd instanceof QueryCommand) {
          cmd.input.Limit = 2;
          queries++;
        }
        return doc.send(cmd as never);
      },
    } as unknown as DynamoDBDocumentClient;
    const provider = new AppSessionsProvider({ client: paged, tableName: TABLE, now });
    await expect(provider.getState('carol')).resolves.toMatchObject({ activeSessions: 7 });
    expect(queries).toBe(4);
    await expect(provider.revokeSessions('carol')).resolves.toEqual({ revoked: 7 });
  });

  it('reports a user without sessions as unknown', async () => {
    const provider = new AppSessionsProvider({ client: doc, tableName: TABLE, now });
    await expect(provider.getState('ghost')).resolves.toEqual({
      user: 'ghost',
      provider: 'app-sessions',
      exists: false,
      activeSessions: 0,
    });
    const err = await provider.revokeSessions('ghost').catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'UserNotFoundException' });
    expect((err as Error).message).toContain('ghost');
  });

  it('refuses password resets with NotSupported', async () => {
    await session('dave', 's-1');
    const provider = new AppSessionsProvider({ client: doc, tableName: TABLE, now });
    await expect(provider.forcePasswordReset('dave')).rejects.toMatchObject({ name: 'NotSupported' });
    await expect(provider.forcePasswordReset('dave')).rejects.toThrow(
      /^app-sessions cannot reset passwords; /,
    );
  });
});
