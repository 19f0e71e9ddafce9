import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CloudWatchLogSource, filterPatterns } from '../../lambdas/adapters/logs/cloudwatch.ts';
import { appendLogRecords, LocalLogSource } from '../../lambdas/adapters/logs/local.ts';
import type { LogRecord } from '../../lambdas/adapters/logs/port.ts';

const window = { start: new Date('2025-03-01T09:30:00Z'), end: new Date('2025-03-01T10:05:00Z') };

describe('LocalLogSource', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'riposte-logs-'));
    file = join(dir, 'nested', 'logs.jsonl');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const records: LogRecord[] = [
    { source: 'cognito', timestamp: '2025-03-01T09:00:00Z', record: { ip: '203.0.113.7', user: 'alice' } },
    { source: 'cognito', timestamp: '2025-03-01T09:30:00Z', record: { ip: '203.0.113.7', user: 'bob' } },
    { source: 'alb', timestamp: '2025-03-01T09:45:00Z', record: { client: { ip: '::ffff:198.51.100.1' } } },
    { source: 'cognito', timestamp: '2025-03-01T09:50:00Z', record: { ip: '192.0.2.1', user: 'ALICE' } },
    { source: 'cognito', timestamp: '2025-03-01T10:00:00Z', record: { ip: '192.0.2.9', user: 'carol' } },
    { source: 'cognito', timestamp: '2025-03-01T10:05:00Z', record: { ip: '203.0.113.7', user: 'dave' } },
    { source: 'cognito', timestamp: '2025-03-01T10:06:00Z', record: { ip: '203.0.113.7', user: 'erin' } },
  ];

  it('returns the records of the window (inclusive) that match an indicator', async () => {
    await appendLogRecords(file, records.slice(0, 4));
    await appendLogRecords(file, records.slice(4));
    const source = new LocalLogSource({ file });
    const got = await source.read(window, { ips: ['203.0.113.7', '198.51.100.1'], users: ['alice'] });
    expect(got.map((r) => r.timestamp)).toEqual([
      '2025-03-01T09:30:00Z',
      '2025-03-01T09:45:00Z',
      '2025-03-01T09:50:00Z',
      '2025-03-01T10:05:00Z',
    ]);
  });

  it('returns every record of the window without indicators', async () => {
    await appendLogRecords(file, records);
    const got = await new LocalLogSource({ file }).read(window, { ips: [], users: [] });
    expect(got).toHaveLength(5);
    expect(got[0]).toEqual(records[1]);
  });

  it('reads nothing from a missing file', async () => {
    expect(await new LocalLogSource({ file }).read(window, { ips: [], users: [] })).toEqual([]);
  });

  it('names the line of a corrupt record', async () => {
    writeFileSync(join(dir, 'bad.jsonl'), `${JSON.stringify(records[1])}\n{oops\n`);
    const source = new LocalLogSource({ file: join(dir, 'bad.jsonl') });
    await expect(source.read(window, { ips: [], users: [] })).rejects.toThrow(/bad\.jsonl:2/);
  });
});

interface SdkRequest {
  method: string;
  headers: Record<string, string>;
  body?: unknown;
}

function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array)
    return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  throw new Error(`unexpected request body ${typeof body}`);
}

interface FilterRequest {
  logGroupName: string;
  startTime: number;
  endTime: number;
  filterPattern?: string;
  nextToken?: string;
}

/** A real client whose HTTP layer records each signed request and answers from a script: no network. */
function fakeLogs(pages: unknown[]) {
  const targets: (string | undefined)[] = [];
  const requests: FilterRequest[] = [];
  const requestHandler = {
    async handle(request: SdkRequest) {
      targets.push(Object.entries(request.headers).find(([k]) => k.toLowerCase() === 'x-amz-target')?.[1]);
      requests.push(JSON.parse(bodyText(request.body)));
      const page = pages.shift();
      if (page === undefined) throw new Error('unexpected request');
      return {
        response: {
          statusCode: 200,
          headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'req-1' },
          body: Readable.from([Buffer.from(JSON.stringify(page))]),
        },
      };
    },
  };
  const client = new CloudWatchLogsClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'fake-secret' },
    maxAttempts: 1,
    requestHandler,
  });
  return { client, targets, requests };
}

const event = (id: string, at: string, message: string) => ({
  eventId: id,
  logStreamName: 'stream-1',
  timestamp: Date.parse(at),
  ingestionTime: Date.parse(at) + 1000,
  message,
});

describe('CloudWatchLogSource', () => {
  it('pages through every log group with the window and an OR filter pattern', async () => {
    const { client, targets, requests } = fakeLogs([
      { events: [event('e1', '2025-03-01T09:40:00Z', '{"ip":"203.0.113.7"}')], nextToken: 'tok-2' },
      { events: [event('e2', '2025-03-01T09:41:00Z', 'plain 203.0.113.7 line')] },
      { events: [event('e3', '2025-03-01T09:35:00Z', '{"user":"alice"}')] },
    ]);
    const source = new CloudWatchLogSource({ client, logGroups: ['/aws/cognito', '/aws/alb'] });
    const got = await source.read(window, { ips: ['203.0.113.7'], users: ['Alice'] });

    expect(targets).toEqual([
      'Logs_20140328.FilterLogEvents',
      'Logs_20140328.FilterLogEvents',
      'Logs_20140328.FilterLogEvents',
    ]);
    expect(requests[0]).toEqual({
      logGroupName: '/aws/cognito',
      startTime: window.start.getTime(),
      endTime: window.end.getTime(),
      filterPattern: '?"203.0.113.7" ?"Alice" ?"alice"',
    });
    expect(requests[1]).toMatchObject({ logGroupName: '/aws/cognito', nextToken: 'tok-2' });
    expect(requests[2]).toMatchObject({ logGroupName: '/aws/alb' });
    expect(requests[2]?.nextToken).toBeUndefined();

    expect(got).toEqual([
      { source: '/aws/alb', timestamp: '2025-03-01T09:35:00.000Z', record: { user: 'alice' } },
      { source: '/aws/cognito', timestamp: '2025-03-01T09:40:00.000Z', record: { ip: '203.0.113.7' } },
      { source: '/aws/cognito', timestamp: '2025-03-01T09:41:00.000Z', record: 'plain 203.0.113.7 line' },
    ]);
  });

  it('sends no filter pattern without indicators', async () => {
    const { client, requests } = fakeLogs([{ events: [] }]);
    await new CloudWatchLogSource({ client, logGroups: ['/aws/cognito'] }).read(window, {
      ips: [],
      users: [],
    });
    expect(requests[0]?.filterPattern).toBeUndefined();
  });

  it('queries once per pattern when the terms do not fit one, keeping each event once', async () => {
    const ips = Array.from({ length: 120 }, (_, i) => `198.51.100.${i}`);
    const patterns = filterPatterns({ ips, users: [] });
    expect(patterns.length).toBeGreaterThan(1);
    const same = event('e1', '2025-03-01T09:40:00Z', '198.51.100.1 198.51.100.119');
    const { client, requests } = fakeLogs(patterns.map(() => ({ events: [same] })));
    const got = await new CloudWatchLogSource({ client, logGroups: ['/aws/alb'] }).read(window, {
      ips,
      users: [],
    });
    expect(requests.map((r) => r.filterPattern)).toEqual(patterns);
    expect(got).toHaveLength(1);
  });

  it('refuses to truncate: EvidenceTruncated names the log group', async () => {
    const { client } = fakeLogs([
      {
        events: [event('e1', '2025-03-01T09:40:00Z', 'a'), event('e2', '2025-03-01T09:41:00Z', 'b')],
        nextToken: 't',
      },
      { events: [event('e3', '2025-03-01T09:42:00Z', 'c')] },
    ]);
    const source = new CloudWatchLogSource({ client, logGroups: ['/aws/cognito'], maxRecords: 2 });
    const err = await source.read(window, { ips: [], users: [] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'EvidenceTruncated' });
    expect((err as Error).message).toContain('/aws/cognito');
  });

  it('returns exactly maxRecords without complaint', async () => {
    const { client } = fakeLogs([{ events: [event('e1', '2025-03-01T09:40:00Z', 'a')] }]);
    const source = new CloudWatchLogSource({ client, logGroups: ['/aws/cognito'], maxRecords: 1 });
    expect(await source.read(window, { ips: [], users: [] })).toHaveLength(1);
  });
});

describe('filterPatterns', () => {
  it('quotes terms and splits long lists under the API limit', () => {
    const ips = Array.from({ length: 120 }, (_, i) => `198.51.100.${i}`);
    const patterns = filterPatterns({ ips, users: ['o"brien'] });
    expect(patterns.length).toBeGreaterThan(1);
    for (const p of patterns) expect(p.length).toBeLessThanOrEqual(1024);
    expect(patterns.join(' ').split(' ?').length).toBe(121);
    expect(patterns.at(-1)).toContain('?"o\\"brien"');
  });

  it('asks for no filter when there is nothing to look for', () => {
    expect(filterPatterns({ ips: [], users: [] })).toEqual([]);
  });
});

describe('reading a window page by page (the collect loop)', () => {
  it('CloudWatch: one FilterLogEvents call per page; the cursor carries the group, the pattern and nextToken', async () => {
    const { client, requests } = fakeLogs([
      { events: [event('e1', '2025-03-01T09:40:00Z', '{"ip":"203.0.113.7"}')], nextToken: 'tok-2' },
      { events: [event('e2', '2025-03-01T09:41:00Z', 'plain text 203.0.113.7')] },
      { events: [event('e3', '2025-03-01T09:42:00Z', '{"client":"203.0.113.7"}')] },
    ]);
    const source = new CloudWatchLogSource({ client, logGroups: ['/aws/cognito', '/aws/alb'] });
    const indicators = { ips: ['203.0.113.7'], users: [] };
    const sources: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await source.readPage(window, indicators, cursor, 500);
      sources.push(...page.records.map((r) => `${r.source} ${r.timestamp}`));
      cursor = page.cursor;
      pages++;
    } while (cursor !== undefined);
    expect(pages).toBe(3);
    expect(sources).toEqual([
      '/aws/cognito 2025-03-01T09:40:00.000Z',
      '/aws/cognito 2025-03-01T09:41:00.000Z',
      '/aws/alb 2025-03-01T09:42:00.000Z',
    ]);
    expect(requests.map((r) => [r.logGroupName, r.nextToken, (r as { limit?: number }).limit])).toEqual([
      ['/aws/cognito', undefined, 500],
      ['/aws/cognito', 'tok-2', 500],
      ['/aws/alb', undefined, 500],
    ]);
    expect(requests.every((r) => r.filterPattern === '?"203.0.113.7"')).toBe(true);
  });

  it('local: pages of at most `limit` records that together are the whole read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'riposte-logs-'));
    const file = join(dir, 'logs.jsonl');
    const records: LogRecord[] = Array.from({ length: 5 }, (_, i) => ({
      source: 'cognito',
      timestamp: `2025-03-01T09:4${i}:00Z`,
      record: { ip: i === 2 ? '192.0.2.1' : '203.0.113.7', n: i },
    }));
    await appendLogRecords(file, records);
    const source = new LocalLogSource({ file });
    const indicators = { ips: ['203.0.113.7'], users: [] };
    const pages: number[][] = [];
    let cursor: string | undefined;
    do {
      const page = await source.readPage(window, indicators, cursor, 2);
      pages.push(page.records.map((r) => (r.record as { n: number }).n));
      cursor = page.cursor;
    } while (cursor !== undefined);
    expect(pages.flat()).toEqual(
      (await source.read(window, indicators)).map((r) => (r.record as { n: number }).n),
    );
    expect(pages.every((p) => p.length <= 2)).toBe(true);
    expect(pages.flat()).toEqual([0, 1, 3, 4]);
    rmSync(dir, { recursive: true, force: true });
  });
});
