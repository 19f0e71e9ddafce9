import { describe, expect, it } from 'vitest';
import { detectFormat, normalizeRecord, parseAuthLog } from '../../../lambdas/core/ingest/index.ts';

const APP = (user: string) =>
  `{"time":"2026-03-02T09:00:00Z","user":"${user}","outcome":"failure","app":"shop"}`;

describe('parseAuthLog', () => {
  it('keeps every unreadable line with its number and reason, and reads the rest', () => {
    const text = [
      APP('ann'),
      '',
      '{"time":"2026-03-02T09:00:00Z", "user":',
      '{"hello":"world"}',
      '{"EventID":4688,"@timestamp":"2026-03-02T09:00:00Z","TargetUserName":"x"}',
      '[1,2]',
      APP('ben'),
    ].join('\n');
    const log = parseAuthLog(text);
    expect(log.events.map((e) => e.user)).toEqual(['ann', 'ben']);
    expect(log.rejected.map(({ line, reason }) => ({ line, reason }))).toEqual([
      { line: 3, reason: expect.stringMatching(/^not JSON: /) },
      { line: 4, reason: 'format: a record with fields hello matches no known log format' },
      { line: 5, reason: 'not an authentication event: Windows event 4688' },
      { line: 6, reason: 'format: an array matches no known log format' },
    ]);
    expect(log.rejected[1]?.text).toBe('{"hello":"world"}');
  });

  it('reads a JSON array, numbering records by position', () => {
    const log = parseAuthLog(`[${APP('ann')}, {"nope":1}, ${APP('ben')}]`);
    expect(log.events).toHaveLength(2);
    expect(log.rejected.map((r) => r.line)).toEqual([2]);
  });

  it('reads a CloudWatch Logs subscription payload (logEvents with JSON messages)', () => {
    const payload = {
      messageType: 'DATA_MESSAGE',
      logGroup: '/app/auth',
      logEvents: [
        { id: '1', timestamp: 1772442000000, message: APP('ann') },
        { id: '2', timestamp: 1772442000001, message: 'plain text line' },
      ],
    };
    const log = parseAuthLog(JSON.stringify(payload));
    expect(log.events.map((e) => e.user)).toEqual(['ann']);
    expect(log.rejected).toMatchObject([{ line: 1, reason: 'format: a string matches no known log format' }]);
  });

  it('uses the format it is told instead of detecting one', () => {
    const log = parseAuthLog(APP('ann'), 'okta');
    expect(log.events).toEqual([]);
    expect(log.rejected[0]?.reason).toBe('eventType: missing');
  });

  it('cuts the kept text of a huge record to 1,000 characters', () => {
    const log = parseAuthLog(`{"junk":"${'x'.repeat(5000)}"}`);
    expect(log.rejected[0]?.text).toHaveLength(1000);
  });

  it('rejects XML with no <Event> element rather than returning nothing', () => {
    expect(parseAuthLog('<Events></Events>').rejected).toMatchObject([
      { line: 1, reason: 'no <Event> element' },
    ]);
  });
});

describe('detectFormat and normalizeRecord', () => {
  it('detects nothing in records of no known shape', () => {
    for (const record of [null, 42, 'text', [], {}, { user: 'x' }])
      expect(detectFormat(record)).toBeUndefined();
  });

  it('refuses an unknown format name', () => {
    expect(() => normalizeRecord({}, 'syslog' as never)).toThrow(
      'format: "syslog" is not one of the log formats',
    );
  });
});
