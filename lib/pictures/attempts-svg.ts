import { clip, esc, humanDuration, n, svgDocument } from './svg.ts';

/**
 * Sign-in attempts over time, from the incident's evidence: failures and successes stacked per interval,
 * with the moments riposte detected and blocked marked. Pure (no Node imports), for the report and console.
 */

export interface Attempt {
  /** Epoch milliseconds. */
  time: number;
  outcome: 'success' | 'failure' | 'unknown';
}

export interface TimeMark {
  time: number;
  label: string;
}

const BUCKETS = [1, 5, 10, 30, 60, 300, 900, 1800, 3600, 6 * 3600, 86400].map((s) => s * 1000);
const MAX_BARS = 60;
const COLOR = { failure: '#c62828', success: '#2e7d32', unknown: '#9e9e9e' } as const;

export interface AttemptBucket {
  start: number;
  failure: number;
  success: number;
  unknown: number;
}

/** The smallest round interval that fits the attempts in at most 60 bars, and the counts per interval. */
export function bucketAttempts(attempts: readonly Attempt[]): { size: number; buckets: AttemptBucket[] } {
  if (attempts.length === 0) return { size: BUCKETS[0] ?? 1000, buckets: [] };
  const times = attempts.map((a) => a.time);
  const first = Math.min(...times);
  const last = Math.max(...times);
  const size = BUCKETS.find((s) => Math.floor(last / s) - Math.floor(first / s) < MAX_BARS) ?? 86_400_000;
  const start = Math.floor(first / size) * size;
  const count = Math.floor(last / size) - Math.floor(first / size) + 1;
  const buckets = Array.from({ length: count }, (_, i) => ({
    start: start + i * size,
    failure: 0,
    success: 0,
    unknown: 0,
  }));
  for (const a of attempts) {
    const bucket = buckets[Math.floor(a.time / size) - Math.floor(first / size)];
    if (bucket) bucket[a.outcome]++;
  }
  return { size, buckets };
}

const LEFT = 56;
const RIGHT = 20;
const TOP = 50;
const PLOT_H = 200;

export function attemptsSvg(
  title: string,
  attempts: readonly Attempt[],
  marks: readonly TimeMark[] = [],
  options: { width?: number } = {},
): string {
  const width = options.width ?? 980;
  const height = TOP + PLOT_H + 56;
  const body = [`<text x="12" y="22" font-size="15" font-weight="600">${esc(clip(title, 120))}</text>`];
  const { size, buckets } = bucketAttempts(attempts);
  if (buckets.length === 0) {
    body.push(`<text x="${LEFT}" y="${TOP + 30}" fill="#555">no sign-in records in the evidence</text>`);
    return svgDocument(width, height, title, body);
  }
  const totals = { failure: 0, success: 0, unknown: 0 };
  for (const a of attempts) totals[a.outcome]++;
  body.push(
    `<text x="12" y="40" font-size="10" fill="#555">${esc(
      `${attempts.length} records, per ${humanDuration(size)}: ${totals.failure} failed (red), ${totals.success} succeeded (green), ${totals.unknown} unknown (grey)`,
    )}</text>`,
  );
  const peak = Math.max(...buckets.map((b) => b.failure + b.success + b.unknown));
  const top = niceCeil(peak);
  const span = buckets.length * size;
  const t0 = buckets[0]?.start ?? 0;
  const x = (t: number) => LEFT + ((t - t0) / span) * (width - LEFT - RIGHT);
  const y = (v: number) => TOP + PLOT_H - (v / top) * PLOT_H;
  const barW = Math.max(1, (width - LEFT - RIGHT) / buckets.length - 1);
  for (const v of [0, ...(top % 2 === 0 ? [top / 2] : []), top]) {
    body.push(
      `<line x1="${LEFT}" y1="${n(y(v))}" x2="${width - RIGHT}" y2="${n(y(v))}" stroke="#e0e0e0"/>`,
      `<text x="${LEFT - 6}" y="${n(y(v) + 4)}" font-size="10" text-anchor="end" fill="#333">${n(v)}</text>`,
    );
  }
  for (const b of buckets) {
    let base = 0;
    const tip = `${new Date(b.start).toISOString()} +${humanDuration(size)}: ${b.failure} failed, ${b.success} succeeded, ${b.unknown} unknown`;
    const parts: string[] = [];
    for (const outcome of ['failure', 'success', 'unknown'] as const) {
      const count = b[outcome];
      if (count === 0) continue;
      parts.push(
        `<rect x="${n(x(b.start))}" y="${n(y(base + count))}" width="${n(barW)}" height="${n(y(base) - y(base + count))}" fill="${COLOR[outcome]}"/>`,
      );
      base += count;
    }
    if (parts.length > 0) body.push(`<g>${parts.join('')}<title>${esc(tip)}</title></g>`);
  }
  const bottom = TOP + PLOT_H;
  body.push(`<line x1="${LEFT}" y1="${bottom}" x2="${width - RIGHT}" y2="${bottom}" stroke="#333"/>`);
  marks.forEach((m, i) => {
    if (m.time < t0 || m.time > t0 + span) return;
    const px = x(m.time);
    body.push(
      `<line x1="${n(px)}" y1="${TOP - 4}" x2="${n(px)}" y2="${bottom}" stroke="#1565c0" stroke-dasharray="4 3"/>`,
      px > width - RIGHT - 80
        ? `<text x="${n(px - 3)}" y="${TOP + 8 + i * 12}" font-size="10" fill="#1565c0" text-anchor="end">${esc(clip(m.label, 40))}</text>`
        : `<text x="${n(px + 3)}" y="${TOP + 8 + i * 12}" font-size="10" fill="#1565c0">${esc(clip(m.label, 40))}</text>`,
    );
  });
  const labels = Math.min(6, buckets.length);
  for (let i = 0; i <= labels; i++) {
    const t = t0 + (span * i) / labels;
    const anchor = i === 0 ? 'start' : i === labels ? 'end' : 'middle';
    body.push(
      `<text x="${n(x(t))}" y="${bottom + 16}" font-size="10" text-anchor="${anchor}" fill="#333">${esc(new Date(t).toISOString().slice(11, 19))}</text>`,
    );
  }
  body.push(
    `<text x="${LEFT}" y="${bottom + 36}" font-size="10" fill="#555">${esc(`time (UTC) from ${new Date(t0).toISOString()}`)}</text>`,
  );
  return svgDocument(width, height, title, body);
}

/** 1, 2, 5 × 10^k at or above the value (at least 1). */
export function niceCeil(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}
