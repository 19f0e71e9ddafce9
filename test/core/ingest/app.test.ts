import { describe, expect, it } from 'vitest';
import { detectFormat, normalizeRecord, parseAuthLog } from '../../../lambdas/core/ingest/index.ts';

/** The plain line format riposte defines for an application's own logs (docs/log-formats.md). */
describe('app JSON lines', () => {
  const lines = [
    '{"time":"2026-03-02T09:00:00Z","user":"Frank","outcome":"failure","ip":"203.0.113.4","host":"kiosk-3","reason":"wrong-password","app":"shop"}',
    '{"time":1772442000,"user":"frank","outcome":"success","ip":"2001:DB8:0:0::7","app":"shop"}',
    '{"time":"2026-03-02T09:00:02Z","user":"gina","outcome":"failure","reason":"captcha","app":"shop"}',
  ].join('\n');

  it('reads time, user, outcome, address, host, reason and app', () => {
    const log = parseAuthLog(lines);
    expect(log.rejected).toEqual([]);
    expect(log.events[0]).toEqual({
      time: Date.parse('2026-03-02T09:00:00Z'),
      format: 'app',
      eventCode: 'failure',
      activity: 'logon',
      outcome: 'failure',
      user: 'frank',
      failureReason: 'wrong-password',
      statusCode: 'wrong-password',
      sourceIp: '203.0.113.4',
      sourceHost: 'KIOSK-3',
      destination: 'shop',
    });
  });

  it('accepts epoch seconds, writes IPv6 compressed, and keeps an unknown reason as its code', () => {
    const [, ok, other] = parseAuthLog(lines).events;
    expect(ok).toMatchObject({ time: 1772442000000, outcome: 'success', sourceIp: '2001:db8::7' });
    expect(other).toMatchObject({ failureReason: 'other', statusCode: 'captcha' });
  });

  it('names a bad outcome and a bad time', () => {
    expect(detectFormat({ time: 1, user: 'x', outcome: 'ok' })).toBe('app');
    expect(() => normalizeRecord({ time: 1772442000, user: 'x', outcome: 'ok' })).toThrow(
      'outcome: "ok" is not "success" or "failure"',
    );
    expect(() => normalizeRecord({ time: 'yesterday', user: 'x', outcome: 'success' })).toThrow(
      'time: "yesterday" is not a time',
    );
  });
});
