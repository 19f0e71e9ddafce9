import { createPublicKey } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportIocs } from '../../lib/iocs/export.ts';
import { loadConfig } from '../../lib/local/config-source.ts';
import { LocalRuntime } from '../../lib/local/runtime.ts';
import { buildFinalReport } from '../../lib/report/final-report.ts';
import { offlineClient, stackOutputsXml } from '../support/aws-sdk.ts';
import { detection, NOW } from '../support/local.ts';

const BUCKET = 'riposte-evidence-test';
const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/0000-test';

let runtime: LocalRuntime;
let aws: Server;
let incidentId: string;
const seen: string[] = [];
const saved = { ...process.env };

/**
 * The deployed stack's S3 bucket (REST XML: ListObjectsV2, GetObject), KMS (GetPublicKey, JSON) and STS
 * (GetCallerIdentity, query XML), answered from what the local runtime sealed; DynamoDB is dynalite.
 */
beforeAll(async () => {
  runtime = await LocalRuntime.start({
    stateDir: mkdtempSync(path.join(tmpdir(), 'riposte-report-aws-')),
    config: loadConfig(),
    clock: () => NOW,
    inMemory: true,
  });
  await runtime.seedUser({ name: 'alice', sessions: 1, enabled: true });
  const { started } = await runtime.deliver(detection('aws-report-1', { compromisedUsers: ['alice'] }));
  incidentId = String(started[0]?.incidentId);
  const store = runtime.deps.evidence;
  const publicKey = createPublicKey(await runtime.deps.signer.publicKeyPem()).export({
    type: 'spki',
    format: 'der',
  });

  aws = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => {
      text += c;
    });
    req.on('end', async () => {
      const url = new URL(String(req.url), 'http://x');
      const target = String(req.headers['x-amz-target'] ?? '');
      if (target.endsWith('GetPublicKey')) {
        seen.push('kms:GetPublicKey');
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(
          JSON.stringify({
            KeyId: KEY_ARN,
            PublicKey: publicKey.toString('base64'),
            KeySpec: 'ECC_NIST_P256',
          }),
        );
      } else if (text.includes('Action=GetCallerIdentity')) {
        seen.push('sts:GetCallerIdentity');
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(
          '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::111122223333:user/jane</Arn><UserId>AIDA</UserId><Account>111122223333</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
        );
      } else if (
        url.pathname.replace(/\/$/, '') === `/${BUCKET}` &&
        url.searchParams.get('list-type') === '2'
      ) {
        seen.push('s3:ListObjectsV2');
        const keys = await store.list(url.searchParams.get('prefix') ?? '');
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end(
          `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${BUCKET}</Name><IsTruncated>false</IsTruncated><KeyCount>${keys.length}</KeyCount>${keys.map((k) => `<Contents><Key>${k}</Key></Contents>`).join('')}</ListBucketResult>`,
        );
      } else if (url.pathname.startsWith(`/${BUCKET}/`)) {
        seen.push('s3:GetObject');
        const body = await store.get(decodeURIComponent(url.pathname.slice(BUCKET.length + 2)));
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
        res.end(Buffer.from(body));
      } else {
        res.writeHead(400, { 'content-type': 'text/xml' });
        res.end(
          `<Error><Code>InvalidRequest</Code><Message>unexpected ${req.method} ${req.url}</Message></Error>`,
        );
      }
    });
  });
  await new Promise<void>((resolve) => aws.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(aws.address() as AddressInfo).port}`;
  const dynamo = (runtime as unknown as { dynamo: { endpoint: string } }).dynamo.endpoint;
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'x',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo,
    AWS_ENDPOINT_URL_S3: endpoint,
    AWS_ENDPOINT_URL_KMS: endpoint,
    AWS_ENDPOINT_URL_STS: endpoint,
  });
}, 60_000);

afterAll(async () => {
  process.env = saved;
  await runtime.close();
  await new Promise((resolve) => aws.close(resolve));
});

function cloudFormation(): CloudFormationClient {
  const tableName = (runtime.deps.custody as unknown as { tableName: string }).tableName;
  const xml = stackOutputsXml({
    IncidentsTableName: tableName,
    EvidenceBucketName: BUCKET,
    EvidenceSigningKeyArn: KEY_ARN,
  });
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

describe('riposte report and iocs --aws', { timeout: 60_000 }, () => {
  const request = () => ({
    target: { kind: 'aws' as const, stack: 'Riposte' },
    clients: { cfn: cloudFormation() },
    stateDir: '/nonexistent',
    config: loadConfig(),
    progress: () => undefined,
  });

  it('reads the incident from the incidents table and its evidence from the bucket, checked with the KMS key', async () => {
    const result = await buildFinalReport(incidentId, { ...request(), format: 'md' });
    const md = String(result.stdout);
    expect(md).toContain('| 203.0.113.7/32 | WAF |');
    expect(md).toContain('Read from | the deployed stack');
    expect(md).toMatch(/manifest SHA-256 [0-9a-f]{64}/);
    expect(md).toContain('intact, signature valid');
    expect(seen).toEqual(
      expect.arrayContaining([
        'sts:GetCallerIdentity',
        's3:ListObjectsV2',
        's3:GetObject',
        'kms:GetPublicKey',
      ]),
    );
  });

  it('exports the same indicators from the deployed stack', async () => {
    const result = await exportIocs(incidentId, {
      ...request(),
      format: 'csv',
      tlp: 'green',
      anonymize: true,
      producer: 'x',
    });
    expect(result.indicators).toBe(1);
    expect(result.stdout).toContain('ipv4-addr,203.0.113.7/32,');
  });
});
