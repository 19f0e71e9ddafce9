import { clip, esc, humanDuration, n, svgDocument } from './svg.ts';

/** One incident's bars in the metrics chart. */
export interface MetricsRow {
  id: string;
  timeToDetectSeconds: number | null;
  timeToContainSeconds: number | null;
  waitingForPeopleSeconds: number;
}

const SERIES = [
  { key: 'timeToDetectSeconds', label: 'time to detect', color: '#1565c0' },
  { key: 'timeToContainSeconds', label: 'time to contain', color: '#2e7d32' },
  { key: 'waitingForPeopleSeconds', label: 'waiting for people', color: '#ef6c00' },
] as const;

const LEFT = 190;
const ROW_H = 30;
const TOP = 64;

/**
 * Per incident, three horizontal bars on a logarithmic scale (seconds to weeks share one chart); an unknown
 * value is written "unknown" instead of a bar. Pure, like the other pictures.
 */
export function metricsSvg(
  title: string,
  rows: readonly MetricsRow[],
  options: { width?: number } = {},
): string {
  const width = options.width ?? 980;
  const height = TOP + Math.max(1, rows.length) * ROW_H + 40;
  const body = [
    `<text x="12" y="22" font-size="15" font-weight="600">${esc(clip(title, 120))}</text>`,
    `<text x="12" y="40" font-size="10" fill="#555">${esc(SERIES.map((s) => s.label).join(' · '))} (blue, green, orange); logarithmic scale, 1 s to the longest</text>`,
  ];
  if (rows.length === 0) {
    body.push(`<text x="${LEFT}" y="${TOP + 16}" fill="#555">no incidents in the period</text>`);
    return svgDocument(width, height, title, body);
  }
  const values = rows.flatMap((r) => SERIES.map((s) => r[s.key] ?? 0));
  const top = Math.max(60, ...values);
  const scale = (s: number) => (Math.log10(1 + s) / Math.log10(1 + top)) * (width - LEFT - 100);
  rows.forEach((r, i) => {
    const y = TOP + i * ROW_H;
    body.push(`<text x="12" y="${y + 16}" font-size="11">${esc(clip(r.id, 28))}</text>`);
    SERIES.forEach((s, j) => {
      const value = r[s.key];
      const by = y + 3 + j * 8;
      if (value === null) {
        body.push(
          `<text x="${LEFT + 2}" y="${by + 6}" font-size="8" fill="${s.color}">${esc(`${s.label}: unknown`)}</text>`,
        );
        return;
      }
      const w = Math.max(1, scale(value));
      body.push(
        `<g><rect x="${LEFT}" y="${by}" width="${n(w)}" height="6" fill="${s.color}"/><text x="${n(LEFT + w + 4)}" y="${by + 6}" font-size="8" fill="#333">${esc(humanDuration(value * 1000))}</text><title>${esc(`${r.id} ${s.label}: ${value} s`)}</title></g>`,
      );
    });
  });
  return svgDocument(width, height, title, body);
}
