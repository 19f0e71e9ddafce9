import { createPublicKey } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EvidenceAwsClients, verifyIncidentEvidence } from '../../lib/cli/evidence.ts';
import { loadConfig } from '../../lib/local/config-source.ts';
import type { LocalRuntime } from '../../lib/local/runtime.ts';
import { offlineClient, stackOutputsXml } from '../support/aws-sdk.ts';
import { detection, startRuntime } from '../support/local.ts';

const BUCKET = 'riposte-evidence-abc';
const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-aaaa-bbbb-cccc-111122223333';

let runtime: LocalRuntime;
let incidentId: string;

beforeAll(async () => {
  runtime = await startRuntime();
  await runtime.seedUser({ name: 'alice', sessions: 1, enabled: true });
  const { started } = await runtime.deliver(detection('aws-verify'));
  incidentId = String(started[0]?.incidentId);
});
afterAll(() => runtime.close());

interface Seen {
  service: string;
  method: string;
  path: string;
  query: Record<string, unknown>;
  body: string;
}

/**
 * Real SDK clients for the deployed stack: DynamoDB is dynalite (the local runtime's tables, read over the
 * DynamoDB protocol); S3, KMS and CloudFormation answer from the local stand-ins like the services would.
 */
function awsClients(): { clients: EvidenceAwsClients; seen: Seen[] } {
  const seen: Seen[] = [];
  const common = offlineClient;
  const reply = (status: number, type: string, body: string | Uint8Array) => ({
    response: {
      statusCode: status,
      headers: { 'content-type': type, 'x-amz-request-id': 'r' },
      body: Readable.from([Buffer.from(body)]),
    },
  });
  const handler = (service: string, answer: (s: Seen) => Promise<ReturnType<typeof reply>>) => ({
    async handle(request: { method: string; path: string; query?: Record<string, unknown>; body?: unknown }) {
      const body =
        typeof request.body === 'string'
          ? request.body
          : request.body
            ? new TextDecoder().decode(request.body as Uint8Array)
            : '';
      const s = { service, method: request.method, path: request.path, query: request.query ?? {}, body };
      seen.push(s);
      return answer(s);
    },
  });
  const outputs = {
    EvidenceBucketName: BUCKET,
    IncidentsTableName: (runtime.deps.custody as unknown as { tableName: string }).tableName,
    EvidenceSigningKeyArn: KEY_ARN,
  };
  const cfn = handler('cloudformation', async () => reply(200, 'text/xml', stackOutputsXml(outputs)));
  const s3 = handler('s3', async (s) => {
    const key = decodeURIComponent(s.path.replace(`/${BUCKET}/`, ''));
    if (key === '') {
      const keys = await runtime.deps.evidence.list(String(s.query.prefix));
      return reply(
        200,
        'application/xml',
        `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>${BUCKET}</Name><IsTruncated>false</IsTruncated>${keys.map((k) => `<Contents><Key>${k}</Key></Contents>`).join('')}</ListBucketResult>`,
      );
    }
    try {
      return reply(200, 'application/octet-stream', await runtime.deps.evidence.get(key));
    } catch {
      return reply(
        404,
        'application/xml',
        '<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>',
      );
    }
  });
  const kms = handler('kms', async () => {
    const der = createPublicKey(await runtime.deps.signer.publicKeyPem()).export({
      type: 'spki',
      format: 'der',
    });
    return reply(
      200,
      'application/x-amz-json-1.1',
      JSON.stringify({
        KeyId: KEY_ARN,
        KeySpec: 'ECC_NIST_P256',
        KeyUsage: 'SIGN_VERIFY',
        PublicKey: der.toString('base64'),
      }),
    );
  });
  const endpoint = (runtime as unknown as { dynamo: { endpoint: string } }).dynamo.endpoint;
  return {
    seen,
    clients: {
      cfn: new CloudFormationClient({ ...common, requestHandler: cfn }),
      s3: new S3Client({ ...common, forcePathStyle: true, requestHandler: s3 }),
      kms: new KMSClient({ ...common, requestHandler: kms }),
      dynamo: new DynamoDBClient({ ...common, endpoint }),
    },
  };
}

describe('riposte evidence verify --aws', () => {
  it('reads the bucket, the ledger and the KMS public key of the deployed stack, and records the check', async () => {
    const { clients, seen } = awsClients();
    const options = {
      aws: true,
      clients,
      stateDir: '/nonexistent',
      config: loadConfig(),
      progress: () => undefined,
      by: 'jane',
      reason: 'audit',
    };
    const report = await verifyIncidentEvidence(incidentId, options);
    expect(report).toMatchObject({ ok: true, signatureOk: true, findings: [] });
    expect(report.objects.map((o) => path.basename(o.key))).toEqual([
      'logs-0001.jsonl.gz',
      'state.jsonl.gz',
      'waf-ip-sets.jsonl.gz',
    ]);
    expect(seen.find((s) => s.service === 'kms')?.body).toContain(KEY_ARN);
    expect(seen.filter((s) => s.service === 's3')[0]).toMatchObject({
      method: 'GET',
      query: expect.objectContaining({ prefix: `incidents/${incidentId}/`, 'list-type': '2' }),
    });
    const last = (await runtime.deps.custody.entries(incidentId)).at(-1);
    expect(last).toMatchObject({ action: 'verify', actor: 'jane via riposte evidence --aws', why: 'audit' });

    const file = path.join(runtime.paths.evidence, 'incidents', incidentId, 'logs-0001.jsonl.gz');
    const bytes = readFileSync(file);
    bytes[12] = (bytes[12] ?? 0) ^ 0x10;
    writeFileSync(file, bytes);
    const tampered = await verifyIncidentEvidence(incidentId, { ...options, clients: awsClients().clients });
    expect(tampered.findings).toEqual([
      expect.objectContaining({ kind: 'hash-mismatch', key: `incidents/${incidentId}/logs-0001.jsonl.gz` }),
    ]);
  });
});
