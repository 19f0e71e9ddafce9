import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { LocalLogArchive } from '../../lambdas/adapters/archive/local.ts';
import { S3LogArchive } from '../../lambdas/adapters/archive/s3.ts';

const window = { start: new Date('2026-11-17T03:12:00Z'), end: new Date('2026-11-20T03:30:00Z') };

/** A real S3 client whose HTTP layer records each signed request and answers from a script: no network. */
function fakeS3(bodies: string[]) {
  const requests: { method: string; path: string; query?: Record<string, unknown> }[] = [];
  const requestHandler = {
    async handle(request: { method: string; path: string; query?: Record<string, unknown> }) {
      requests.push({ method: request.method, path: request.path, query: request.query });
      const body = bodies.shift();
      if (body === undefined) throw new Error(`unexpected request ${request.method} ${request.path}`);
      return {
        response: {
          statusCode: 200,
          headers: { 'x-amz-request-id': 'req-1' },
          body: Readable.from([Buffer.from(body)]),
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
  return { archive: new S3LogArchive(client), requests };
}

const listing = (contents: [string, string][], next?: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>aws-waf-logs-prod</Name><Prefix>AWSWAFLogs/</Prefix>` +
  `<IsTruncated>${next ? 'true' : 'false'}</IsTruncated>${next ? `<NextContinuationToken>${next}</NextContinuationToken>` : ''}` +
  contents
    .map(
      ([key, at]) =>
        `<Contents><Key>${key}</Key><LastModified>${at}</LastModified><ETag>"abc123"</ETag><Size>42</Size></Contents>`,
    )
    .join('') +
  '</ListBucketResult>';

describe('S3LogArchive', () => {
  it('lists one page per call under the prefix, keeps the objects delivered in the window, and continues with the token', async () => {
    const { archive, requests } = fakeS3([
      listing(
        [
          ['AWSWAFLogs/old.gz', '2026-11-01T00:00:00.000Z'],
          ['AWSWAFLogs/in.gz', '2026-11-20T03:15:00.000Z'],
        ],
        'token-2',
      ),
      listing([['AWSWAFLogs/late.gz', '2026-11-21T00:00:00.000Z']]),
    ]);
    const first = await archive.listPage('aws-waf-logs-prod', 'AWSWAFLogs/', window, undefined);
    expect(first).toEqual({
      objects: [
        { key: 'AWSWAFLogs/in.gz', lastModified: '2026-11-20T03:15:00.000Z', size: 42, etag: 'abc123' },
      ],
      cursor: 'token-2',
    });
    const second = await archive.listPage('aws-waf-logs-prod', 'AWSWAFLogs/', window, first.cursor);
    expect(second).toEqual({ objects: [] });
    expect(requests.map((r) => [r.method, r.path, r.query?.prefix, r.query?.['continuation-token']])).toEqual(
      [
        ['GET', '/aws-waf-logs-prod/', 'AWSWAFLogs/', undefined],
        ['GET', '/aws-waf-logs-prod/', 'AWSWAFLogs/', 'token-2'],
      ],
    );
  });
});

describe('LocalLogArchive', () => {
  it('lists a folder like a bucket, by prefix and delivery time, and names a missing bucket as S3 does', async () => {
    const root = mkdtempSync(join(tmpdir(), 'riposte-archive-'));
    const put = (key: string, at: string) => {
      const file = join(root, 'bucket', ...key.split('/'));
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, key);
      utimesSync(file, new Date(at), new Date(at));
    };
    put('AWSWAFLogs/a/in.gz', '2026-11-20T03:15:00Z');
    put('AWSWAFLogs/b/old.gz', '2026-11-01T00:00:00Z');
    put('other/in.gz', '2026-11-20T03:15:00Z');
    const archive = new LocalLogArchive(root);
    const page = await archive.listPage('bucket', 'AWSWAFLogs/', window, undefined);
    expect(page.objects.map((o) => o.key)).toEqual(['AWSWAFLogs/a/in.gz']);
    expect(page.cursor).toBeUndefined();
    expect(new TextDecoder().decode(await archive.get('bucket', 'AWSWAFLogs/a/in.gz'))).toBe(
      'AWSWAFLogs/a/in.gz',
    );
    await expect(archive.listPage('nope', '', window, undefined)).rejects.toMatchObject({
      name: 'NoSuchBucket',
    });
    await expect(archive.get('bucket', 'AWSWAFLogs/../other/in.gz')).rejects.toMatchObject({
      name: 'NoSuchKey',
    });
    rmSync(root, { recursive: true, force: true });
  });
});
