import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { S3EvidenceStore } from '../../lambdas/adapters/evidence/s3.ts';
import { sha256Hex } from '../../lambdas/core/evidence.ts';

interface SdkRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

interface Canned {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** A real S3 client whose HTTP layer records each signed request and answers from a script: no network. */
function fakeS3(responses: Canned[]) {
  const requests: SdkRequest[] = [];
  const requestHandler = {
    async handle(request: SdkRequest) {
      const headers = Object.fromEntries(
        Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]),
      );
      requests.push({ ...request, headers });
      const canned = responses.shift();
      if (canned === undefined) throw new Error(`unexpected request ${request.method} ${request.path}`);
      return {
        response: {
          statusCode: canned.status,
          headers: { 'x-amz-request-id': 'req-1', ...canned.headers },
          body: Readable.from(canned.body === undefined ? [] : [Buffer.from(canned.body)]),
        },
      };
    },
  };
  const client = new S3Client({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'fake-secret' },
    forcePathStyle: true,
    maxAttempts: 1,
    requestHandler,
  });
  const store = new S3EvidenceStore({
    client,
    bucket: 'riposte-evidence',
    retentionDays: 365,
    lockMode: 'COMPLIANCE',
    now: () => new Date('2025-03-01T10:00:00Z'),
  });
  return { store, requests };
}

const body = new TextEncoder().encode('{"eventName":"ConsoleLogin"}\n');
const base64Sha = createHash('sha256').update(body).digest('base64');
const key = 'incidents/inc-1/cloudtrail.jsonl.gz';

const preconditionFailed: Canned = {
  status: 412,
  headers: { 'content-type': 'application/xml' },
  body:
    '<?xml version="1.0" encoding="UTF-8"?><Error><Code>PreconditionFailed</Code>' +
    '<Message>At least one of the pre-conditions you specified did not hold</Message>' +
    '<Condition>If-None-Match</Condition><RequestId>req-1</RequestId></Error>',
};

describe('S3EvidenceStore.put', () => {
  it('sends a write-once, checksummed, KMS-encrypted, object-locked PUT', async () => {
    const { store, requests } = fakeS3([{ status: 200, headers: { etag: '"e"', 'x-amz-version-id': 'v1' } }]);
    const stored = await store.put(key, body, 'application/gzip');
    expect(stored).toEqual({ key, sha256: sha256Hex(body), size: body.byteLength, versionId: 'v1' });

    expect(requests).toHaveLength(1);
    const req = requests[0];
    expect(req?.method).toBe('PUT');
    expect(req?.path).toBe(`/riposte-evidence/${key}`);
    expect(req?.headers).toMatchObject({
      'content-type': 'application/gzip',
      'x-amz-checksum-sha256': base64Sha,
      'if-none-match': '*',
      'x-amz-server-side-encryption': 'aws:kms',
      'x-amz-object-lock-mode': 'COMPLIANCE',
    });
    const retainUntil = new Date(req?.headers['x-amz-object-lock-retain-until-date'] ?? '');
    expect(retainUntil.toISOString()).toBe('2026-03-01T10:00:00.000Z');
    expect(req?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 /);
  });

  it('asks for a legal hold on request, and sets or lifts one on a stored object', async () => {
    const { store, requests } = fakeS3([{ status: 200 }, { status: 200 }]);
    await store.put(key, body, 'application/gzip', { legalHold: true });
    expect(requests[0]?.headers['x-amz-object-lock-legal-hold']).toBe('ON');
    await store.setLegalHold(key, false);
    expect(requests[1]).toMatchObject({ method: 'PUT', path: `/riposte-evidence/${key}` });
    expect(Object.keys(requests[1]?.query ?? {})).toContain('legal-hold');
    expect(String(requests[1]?.body)).toContain('<Status>OFF</Status>');
  });

  it('returns the existing object when the same bytes are already stored', async () => {
    const { store, requests } = fakeS3([
      preconditionFailed,
      {
        status: 200,
        headers: {
          'x-amz-checksum-sha256': base64Sha,
          'x-amz-checksum-type': 'FULL_OBJECT',
          'content-length': String(body.byteLength),
          'x-amz-version-id': 'v1',
        },
      },
    ]);
    expect(await store.put(key, body, 'application/gzip')).toEqual({
      key,
      sha256: sha256Hex(body),
      size: body.byteLength,
      versionId: 'v1',
    });
    expect(requests[1]?.method).toBe('HEAD');
    expect(requests[1]?.path).toBe(`/riposte-evidence/${key}`);
    expect(requests[1]?.headers['x-amz-checksum-mode']).toBe('ENABLED');
  });

  it('throws EvidenceConflict when different bytes are already stored', async () => {
    const other = createHash('sha256').update('something else').digest('base64');
    const { store } = fakeS3([
      preconditionFailed,
      { status: 200, headers: { 'x-amz-checksum-sha256': other, 'content-length': '14' } },
    ]);
    await expect(store.put(key, body, 'application/gzip')).rejects.toMatchObject({
      name: 'EvidenceConflict',
    });
  });

  it('hashes the stored bytes when the existing object has no SHA-256 checksum', async () => {
    const { store, requests } = fakeS3([
      preconditionFailed,
      { status: 200, headers: { 'content-length': String(body.byteLength) } },
      {
        status: 200,
        headers: { 'content-length': String(body.byteLength) },
        body: Buffer.from(body).toString(),
      },
    ]);
    await expect(store.put(key, body, 'application/gzip')).resolves.toMatchObject({
      sha256: sha256Hex(body),
    });
    expect(requests.map((r) => r.method)).toEqual(['PUT', 'HEAD', 'GET']);
  });

  it('lets other errors through with their S3 names', async () => {
    const { store } = fakeS3([
      {
        status: 403,
        headers: { 'content-type': 'application/xml' },
        body: '<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
      },
    ]);
    await expect(store.put(key, body, 'application/gzip')).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});

describe('S3EvidenceStore get and list', () => {
  it('gets the object bytes', async () => {
    const { store, requests } = fakeS3([{ status: 200, body: 'hello' }]);
    expect(new TextDecoder().decode(await store.get(key))).toBe('hello');
    expect(requests[0]?.method).toBe('GET');
    expect(requests[0]?.path).toBe(`/riposte-evidence/${key}`);
  });

  it('lists every page', async () => {
    const page = (keys: string[], next?: string) => ({
      status: 200,
      headers: { 'content-type': 'application/xml' },
      body:
        '<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>riposte-evidence</Name>' +
        `<Prefix>incidents/inc-1/</Prefix><IsTruncated>${next ? 'true' : 'false'}</IsTruncated>` +
        (next ? `<NextContinuationToken>${next}</NextContinuationToken>` : '') +
        keys.map((k) => `<Contents><Key>${k}</Key><Size>1</Size></Contents>`).join('') +
        '</ListBucketResult>',
    });
    const { store, requests } = fakeS3([
      page(['incidents/inc-1/a', 'incidents/inc-1/b'], 'tok-2'),
      page(['incidents/inc-1/c']),
    ]);
    expect(await store.list('incidents/inc-1/')).toEqual([
      'incidents/inc-1/a',
      'incidents/inc-1/b',
      'incidents/inc-1/c',
    ]);
    expect(requests[0]?.query).toMatchObject({ 'list-type': '2', prefix: 'incidents/inc-1/' });
    expect(requests[1]?.query).toMatchObject({ 'continuation-token': 'tok-2' });
  });
});
