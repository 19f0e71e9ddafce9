import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambdas/core/config.ts';
import { runUndo } from '../../lib/cli/undo.ts';
import { loadConfig } from '../../lib/local/config-source.ts';
import { LocalRuntime } from '../../lib/local/runtime.ts';
import { offlineClient, stackOutputsXml } from '../support/aws-sdk.ts';
import { NOW } from '../support/local.ts';

const POOL = 'us-east-1_Undo123';

/** Cognito's JSON protocol, as the deployed user pool would answer: what was asked is kept in `seen`. */
interface Call {
  target: string;
  body: Record<string, unknown>;
}

let runtime: LocalRuntime;
let cognito: Server;
const seen: Call[] = [];
const saved = { ...process.env };

beforeAll(async () => {
  cognito = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => {
      text += chunk;
    });
    req.on('end', () => {
      const target = String(req.headers['x-amz-target']).split('.').pop() ?? '';
      seen.push({ target, body: JSON.parse(text || '{}') });
      const answers: Record<string, unknown> = {
        AdminEnableUser: {},
        AdminGetUser: { Username: 'alice', Enabled: true, UserStatus: 'CONFIRMED', UserAttributes: [] },
        AdminListGroupsForUser: { Groups: [] },
      };
      const answer = answers[target];
      res.writeHead(answer ? 200 : 400, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(
        JSON.stringify(answer ?? { __type: 'InvalidParameterException', message: `unexpected ${target}` }),
      );
    });
  });
  await new Promise<void>((resolve) => cognito.listen(0, '127.0.0.1', resolve));

  const base = loadConfig();
  const config = parseConfig({ ...base, identity: { ...base.identity, providers: ['cognito'] } });
  const stateDir = mkdtempSync(path.join(tmpdir(), 'riposte-undo-aws-'));
  runtime = await LocalRuntime.start({ stateDir, config, clock: () => NOW, inMemory: true });
  await runtime.seedUser({ name: 'alice', sessions: 1, enabled: true });

  // The SDK clients riposte builds for --aws read their endpoints and credentials from the environment.
  const dynamo = (runtime as unknown as { dynamo: { endpoint: string } }).dynamo.endpoint;
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'x',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: `http://127.0.0.1:${(cognito.address() as AddressInfo).port}`,
  });
});

afterAll(async () => {
  process.env = saved;
  await runtime.close();
  await new Promise((resolve) => cognito.close(resolve));
});

/** CloudFormation's DescribeStacks with the outputs undo reads: the incidents table is the runtime's. */
function cloudFormation(tableName: string): CloudFormationClient {
  const xml = stackOutputsXml({ IncidentsTableName: tableName });
  return new CloudFormationClient({
    ...offlineClient,
    requestHandler: {
      handle: async () => ({
        response: {
          statusCode: 200,
          headers: { 'content-type': 'text/xml' },
          body: Readable.from([Buffer.from(xml)]),
        },
      }),
    },
  });
}

describe('riposte undo --aws', () => {
  it('re-enables a disabled Cognito account in the deployed pool from the prior state on the incident, and records it', async () => {
    const record = await runtime.run('contain-user', 'contain-user-alice', {
      requestId: 'ops-alice',
      users: ['alice'],
      providers: ['cognito'],
      actions: ['disable'],
      reason: 'phished, ticket SEC-7',
      requestedBy: 'oncall@example.com',
    });
    expect(record.status).toBe('SUCCEEDED');
    const incidentId = String(record.incidentId);
    expect(runtime.adapters.userPool.user('alice')?.enabled).toBe(false);

    const tableName = (runtime.deps.custody as unknown as { tableName: string }).tableName;
    const base = loadConfig();
    const lines = await runUndo(incidentId, 'disable:alice', {
      aws: true,
      clients: { cfn: cloudFormation(tableName) } as never,
      stateDir: '/nonexistent',
      config: parseConfig({
        ...base,
        identity: { ...base.identity, providers: ['cognito'], cognitoUserPoolId: POOL },
      }),
      by: 'jane@example.com',
      reason: 'false positive, SEC-7',
      progress: () => undefined,
    });

    expect(lines.map((l) => [l.action, l.user, l.provider, l.outcome])).toEqual([
      ['disable', 'alice', 'cognito', 'ok'],
    ]);
    expect(seen.filter((c) => c.target === 'AdminEnableUser').map((c) => c.body)).toEqual([
      { UserPoolId: POOL, Username: 'alice' },
    ]);
    const undo = (await runtime.deps.incidents.timeline(incidentId)).filter((e) => e.action === 'undo');
    expect(undo).toHaveLength(1);
    expect(undo[0]).toMatchObject({ outcome: 'ok', actor: expect.stringContaining('jane@example.com') });
  });
});
