import { describe, expect, it } from 'vitest';
import {
  attackWindow,
  buildManifest,
  type EvidenceObject,
  evidenceKey,
  gunzipJsonLines,
  gzipJsonLines,
  manifestBytes,
  matchesIndicators,
  sha256Hex,
} from '../../lambdas/core/evidence.ts';

const records = [
  { eventName: 'ConsoleLogin', sourceIPAddress: '203.0.113.7', userIdentity: { userName: 'alice' } },
  'a plain text line',
  [1, 2, { nested: true }],
  null,
];

describe('gzipJsonLines', () => {
  it('round-trips records', () => {
    expect(gunzipJsonLines(gzipJsonLines(records))).toEqual(records);
  });

  it('gives the same bytes for the same input', () => {
    const a = gzipJsonLines(records);
    const b = gzipJsonLines(structuredClone(records));
    expect(sha256Hex(a)).toBe(sha256Hex(b));
    // gzip header: mtime 0 and a pinned OS byte.
    expect([...a.subarray(4, 8)]).toEqual([0, 0, 0, 0]);
    expect(a[9]).toBe(3);
  });

  it('handles an empty list', () => {
    expect(gunzipJsonLines(gzipJsonLines([]))).toEqual([]);
  });
});

describe('sha256Hex', () => {
  it('hashes bytes as hex', () => {
    expect(sha256Hex(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});

describe('manifest', () => {
  const window = { start: new Date('2025-03-01T09:30:00Z'), end: new Date('2025-03-01T10:05:00Z') };
  const obj = (key: string): EvidenceObject => ({
    key,
    sha256: sha256Hex(new TextEncoder().encode(key)),
    size: 10,
    records: 2,
    source: '/aws/cognito/userpool',
    contentType: 'application/gzip',
    window: { start: window.start.toISOString(), end: window.end.toISOString() },
  });

  it('has a stable hash regardless of key insertion order and object order', () => {
    const a = obj('incidents/inc-1/a.jsonl.gz');
    const b = obj('incidents/inc-1/b.jsonl.gz');
    // Same object with its properties inserted in reverse order.
    const bReversed = Object.fromEntries(Object.entries(b).reverse()) as unknown as EvidenceObject;
    const sealedAt = new Date('2025-03-01T10:06:00Z');
    const m1 = buildManifest({ incidentId: 'inc-1', sealedAt, sealedBy: 'riposte', window, objects: [a, b] });
    const m2 = buildManifest({
      incidentId: 'inc-1',
      sealedAt,
      sealedBy: 'riposte',
      window,
      objects: [bReversed, a],
    });
    expect(sha256Hex(manifestBytes(m1))).toBe(sha256Hex(manifestBytes(m2)));
  });

  it('is canonical JSON with sorted keys, 2-space indent and a trailing newline', () => {
    const m = buildManifest({
      incidentId: 'inc-1',
      sealedAt: new Date('2025-03-01T10:06:00Z'),
      sealedBy: 'riposte',
      window,
      objects: [obj('incidents/inc-1/a.jsonl.gz')],
    });
    const text = new TextDecoder().decode(manifestBytes(m));
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "incidentId": "inc-1",');
    expect(Object.keys(JSON.parse(text))).toEqual([
      'incidentId',
      'objects',
      'sealedAt',
      'sealedBy',
      'window',
    ]);
    expect(JSON.parse(text).window).toEqual({
      start: '2025-03-01T09:30:00.000Z',
      end: '2025-03-01T10:05:00.000Z',
    });
  });

  it('rejects the same key twice', () => {
    const a = obj('incidents/inc-1/a.jsonl.gz');
    expect(() =>
      buildManifest({ incidentId: 'inc-1', sealedAt: new Date(0), sealedBy: 'x', window, objects: [a, a] }),
    ).toThrow(/twice/);
  });
});

describe('evidenceKey', () => {
  it('builds the incident prefix', () => {
    expect(evidenceKey('inc-1', 'cognito.jsonl.gz')).toBe('incidents/inc-1/cognito.jsonl.gz');
  });

  it.each([
    ['inc-1', '../x'],
    ['inc-1', 'a/b'],
    ['inc-1', '..'],
    ['inc-1', ''],
    ['inc-1', '.'],
    ['inc-1', 'a\\b'],
    ['inc-1', 'a\nb'],
    ['inc-1', 'a\u0000b'],
    ['../inc', 'x'],
    ['inc/1', 'x'],
    ['', 'x'],
  ])('rejects %j / %j', (id, name) => {
    expect(() => evidenceKey(id, name)).toThrow(expect.objectContaining({ name: 'InvalidEvidenceKey' }));
  });
});

describe('attackWindow', () => {
  it('starts minutesBefore the observation and ends now', () => {
    const w = attackWindow(new Date('2025-03-01T10:00:00Z'), 30, new Date('2025-03-01T10:05:00Z'));
    expect(w).toEqual({ start: new Date('2025-03-01T09:30:00Z'), end: new Date('2025-03-01T10:05:00Z') });
  });

  it('is never inverted when the observation is stamped after now', () => {
    const w = attackWindow(new Date('2025-03-01T10:10:00Z'), 0, new Date('2025-03-01T10:05:00Z'));
    expect(w.end.getTime()).toBeGreaterThanOrEqual(w.start.getTime());
  });

  it('rejects a negative lead time', () => {
    expect(() => attackWindow(new Date(0), -1, new Date(0))).toThrow(RangeError);
  });
});

describe('matchesIndicators', () => {
  const ind = { ips: ['203.0.113.7'], users: ['Alice'] };

  it('matches a plain IP value', () => {
    expect(matchesIndicators({ ip: '203.0.113.7' }, ind)).toBe(true);
  });

  it('matches IPv4-mapped IPv6 and /32', () => {
    expect(matchesIndicators({ ip: '::ffff:203.0.113.7' }, ind)).toBe(true);
    expect(matchesIndicators({ cidr: '203.0.113.7/32' }, ind)).toBe(true);
    expect(matchesIndicators({ ip: '::ffff:203.0.113.7' }, { ips: ['203.0.113.7/32'], users: [] })).toBe(
      true,
    );
  });

  it('does not match neighbours, wider networks or substrings', () => {
    expect(matchesIndicators({ ip: '203.0.113.70' }, ind)).toBe(false);
    expect(matchesIndicators({ cidr: '203.0.113.0/24' }, ind)).toBe(false);
    expect(matchesIndicators({ msg: 'login from 203.0.113.7' }, ind)).toBe(false);
  });

  it('matches users case-insensitively', () => {
    expect(matchesIndicators({ user: 'alice' }, ind)).toBe(true);
    expect(matchesIndicators({ user: 'ALICE' }, ind)).toBe(true);
    expect(matchesIndicators({ user: 'alicia' }, ind)).toBe(false);
  });

  it('walks nested objects and arrays', () => {
    const record = {
      detail: { requests: [{ headers: { 'x-forwarded-for': ['10.0.0.1', '203.0.113.7'] } }] },
    };
    expect(matchesIndicators(record, ind)).toBe(true);
  });

  it('stops at depth 8', () => {
    let deep: unknown = '203.0.113.7';
    for (let i = 0; i < 8; i++) deep = { d: deep };
    expect(matchesIndicators(deep, ind)).toBe(true);
    expect(matchesIndicators({ d: deep }, ind)).toBe(false);
  });

  it('matches every record when there are no indicators', () => {
    expect(matchesIndicators({ anything: 1 }, { ips: [], users: [] })).toBe(true);
    expect(matchesIndicators(null, { ips: [], users: [] })).toBe(true);
  });

  it('ignores keys, numbers and booleans', () => {
    expect(matchesIndicators({ alice: 1, n: 203, b: true }, ind)).toBe(false);
  });
});
