import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DynamoDBClient,
  ListTablesCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { resourcesOfType, type Template } from './cloudformation.ts';

export interface LocalDynamo {
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  endpoint: string;
  close(): Promise<void>;
}

/** DynamoDB on dynalite: in memory, or on disk under the state folder so local state survives between runs. */
export async function startDynamo(path?: string): Promise<LocalDynamo> {
  const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
  });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return {
    client,
    doc,
    endpoint,
    close: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Create every table the template declares, with its keys and indexes (TTL is not emulated: riposte compares expiry times in code). */
export async function createTables(client: DynamoDBClient, template: Template): Promise<void> {
  const existing = new Set((await client.send(new ListTablesCommand({}))).TableNames ?? []);
  for (const { logicalId, properties } of resourcesOfType(template, 'AWS::DynamoDB::Table')) {
    if (existing.has(logicalId)) continue;
    const input: CreateTableCommandInput = {
      TableName: logicalId,
      KeySchema: properties.KeySchema as CreateTableCommandInput['KeySchema'],
      AttributeDefinitions:
        properties.AttributeDefinitions as CreateTableCommandInput['AttributeDefinitions'],
      BillingMode: 'PAY_PER_REQUEST',
    };
    const gsis = properties.GlobalSecondaryIndexes as CreateTableCommandInput['GlobalSecondaryIndexes'];
    if (gsis?.length)
      input.GlobalSecondaryIndexes = gsis.map(({ IndexName, KeySchema, Projection }) => ({
        IndexName,
        KeySchema,
        Projection,
      }));
    await client.send(new CreateTableCommand(input));
    await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: logicalId });
  }
}

/**
 * The operator controls (the blocking kill switch) kept in a DynamoDB folder of an earlier run, read before a
 * reset so they outlive it: a switch turned on by a person is turned off by a person, never by `simulate`.
 */
export async function readControls(
  folder: string,
): Promise<{ name: string; control: { on: boolean; by: string; at: string; reason: string } }[]> {
  if (!existsSync(folder)) return [];
  const dynamo = await startDynamo(folder);
  try {
    const found = [];
    for (const TableName of (await dynamo.client.send(new ListTablesCommand({}))).TableNames ?? []) {
      const { Items = [] } = await dynamo.doc.send(
        new ScanCommand({
          TableName,
          FilterExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'CONTROL' },
        }),
      );
      for (const { pk: _pk, sk, ...control } of Items)
        found.push({ name: String(sk), control: control as never });
    }
    return found;
  } finally {
    await dynamo.close();
  }
}
