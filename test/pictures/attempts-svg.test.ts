import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { type Attempt, attemptsSvg, bucketAttempts, niceCeil } from '../../lib/pictures/attempts-svg.ts';

const at = (iso: string, outcome: Attempt['outcome']): Attempt => ({ time: Date.parse(iso), outcome });

// Two minutes of a stuffing run (one failure every 2 s) and two successes, as in scenarios/credential-stuffing-logs.jsonl.
const attempts: Attempt[] = [
  ...Array.from({ length: 60 }, (_, i) => ({
    time: Date.parse('2026-11-20T03:00:00.000Z') + i * 2000,
    outcome: 'failure' as const,
  })),
  at('2026-11-20T03:00:35.000Z', 'success'),
  at('2026-11-20T03:01:29.000Z', 'success'),
];

describe('attempts-over-time chart', () => {
  it('picks the smallest round interval that fits in 60 bars and counts every record once', () => {
    const { size, buckets } = bucketAttempts(attempts);
    expect(size).toBe(5000);
    const total = buckets.reduce((sum, b) => sum + b.failure + b.success + b.unknown, 0);
    expect(total).toBe(attempts.length);
    expect(buckets.reduce((s, b) => s + b.success, 0)).toBe(2);
    expect(buckets[0]?.start).toBe(Date.parse('2026-11-20T03:00:00.000Z'));
  });

  it('draws stacked bars with the detection mark, as a valid SVG', () => {
    const svg = attemptsSvg('Sign-in attempts', attempts, [
      { time: Date.parse('2026-11-20T03:01:58.000Z'), label: 'detected <now>' },
    ]);
    const errors: string[] = [];
    const doc = new DOMParser({ onError: (l, m) => errors.push(`${l}: ${m}`) }).parseFromString(
      svg,
      'image/svg+xml',
    );
    expect(errors).toEqual([]);
    const red = Array.from(doc.getElementsByTagName('rect')).filter(
      (r) => r.getAttribute('fill') === '#c62828',
    );
    expect(red.length).toBe(bucketAttempts(attempts).buckets.filter((b) => b.failure > 0).length);
    expect(svg).toContain('detected &lt;now&gt;');
    expect(svg).toContain('62 records');
  });

  it('says so when the evidence holds no sign-in records', () => {
    expect(attemptsSvg('x', [])).toContain('no sign-in records in the evidence');
  });

  it('rounds the scale up to 1, 2 or 5 times a power of ten', () => {
    expect([0, 1, 3, 7, 12, 51, 100].map(niceCeil)).toEqual([1, 1, 5, 10, 20, 100, 100]);
  });
});
