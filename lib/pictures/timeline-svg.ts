import type { Outcome, TimelineEntry } from '../../lambdas/core/incident.ts';
import { clip, esc, humanDuration, n, svgDocument } from './svg.ts';

/**
 * The timeline picture of one incident: a time axis and one lane per kind of work (detection, blocks with
 * their windows, accounts, evidence, posture, relaxation, pages, people). Pure (no Node imports): the CLI's
 * report and the web console draw the same picture from the same timeline.
 *
 * Containment takes seconds and relaxation weeks, so the axis is compressed: the space between two
 * consecutive moments grows with the logarithm of the gap, and gaps longer than a few minutes are marked
 * with their length. Time still runs left to right, monotonically.
 */

export const LANES = [
  { id: 'detection', label: 'Detection' },
  { id: 'blocks', label: 'Blocks (WAF, network)' },
  { id: 'accounts', label: 'Accounts' },
  { id: 'evidence', label: 'Evidence' },
  { id: 'posture', label: 'Posture' },
  { id: 'relaxation', label: 'Relaxation' },
  { id: 'pages', label: 'Pages' },
  { id: 'people', label: 'People' },
  { id: 'playbook', label: 'Playbook' },
] as const;
export type LaneId = (typeof LANES)[number]['id'];

export const OUTCOME_COLOR: Record<Outcome, string> = {
  ok: '#2e7d32',
  refused: '#ef6c00',
  failed: '#c62828',
  skipped: '#9e9e9e',
  planned: '#1565c0',
};

/** Which lane a timeline line belongs to. What a person did goes to "People", whatever it touched. */
export function laneOf(entry: Pick<TimelineEntry, 'actor' | 'action'>): LaneId {
  const { actor, action } = entry;
  if (!actor.startsWith('riposte/') && !actor.startsWith('alert/')) return 'people';
  if (actor.startsWith('alert/') || /^(open-incident|attach-alert|detect)/.test(action)) return 'detection';
  if (/block|waf|nacl|network-acl/.test(action)) return 'blocks';
  if (/relax/.test(action)) return 'relaxation';
  if (/posture/.test(action)) return 'posture';
  if (/evidence|seal|collect|custody|legal-hold/.test(action)) return 'evidence';
  if (/^page|paged|notify-responders|approval/.test(action)) return 'pages';
  if (/session|password|account|residual|disable|step-up|owner|watch|lockout|host/.test(action))
    return 'accounts';
  return 'playbook';
}

/** One block window: addresses live from `from` until `until` (or still live at the end of the picture). */
export interface BlockWindow {
  cidrs: string[];
  from: string;
  until?: string;
  layer: string;
}

/**
 * The block windows the timeline records: each `waf-sync` (or network-ACL) line that made addresses live,
 * ended by their expiry (`data.until`, or the "until" the line states) or an earlier unblock.
 */
export function blockWindows(timeline: readonly TimelineEntry[]): BlockWindow[] {
  const removed = new Map<string, string[]>();
  for (const e of timeline) {
    for (const cidr of (e.data?.unblocked as string[] | undefined) ?? []) {
      removed.set(cidr, [...(removed.get(cidr) ?? []), e.at]);
    }
  }
  const windows = new Map<string, BlockWindow>();
  for (const e of timeline) {
    const live = e.data?.live;
    if (!Array.isArray(live) || live.length === 0) continue;
    const layer = /acl/.test(e.action) ? 'network ACL' : 'WAF';
    const stated = (e.data?.until as Record<string, string> | undefined) ?? untilFromDetail(e.detail);
    for (const cidr of live.map(String)) {
      const end = [stated[cidr], ...(removed.get(cidr) ?? [])]
        .filter((t): t is string => Boolean(t) && (t as string) > e.at)
        .sort()[0];
      const key = `${layer} ${e.at} ${end ?? ''}`;
      const window = windows.get(key) ?? { cidrs: [], from: e.at, layer, ...(end ? { until: end } : {}) };
      window.cidrs.push(cidr);
      windows.set(key, window);
    }
  }
  return [...windows.values()];
}

function untilFromDetail(detail: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of detail.matchAll(/([0-9a-fA-F:.]+\/\d+) until (\d{4}-\d\d-\d\dT[\d:.]+Z)/g)) {
    if (m[1] && m[2]) out[m[1]] = m[2];
  }
  return out;
}

export interface TimelinePictureOptions {
  width?: number;
}

interface Marker {
  lane: LaneId;
  at: number;
  outcome: Outcome;
  lines: string[];
}

const LEFT = 170;
const RIGHT = 30;
const TOP = 56;
const LANE_H = 34;
const AXIS_H = 50;

export function timelineSvg(
  incident: { id: string; title: string; status: string },
  timeline: readonly TimelineEntry[],
  options: TimelinePictureOptions = {},
): string {
  const width = options.width ?? 980;
  const title = `${incident.id}: ${incident.title} (${incident.status})`;
  const entries = timeline.filter((e) => Number.isFinite(Date.parse(e.at)));
  const windows = blockWindows(entries);
  const times = [
    ...entries.map((e) => Date.parse(e.at)),
    ...windows.flatMap((w) => (w.until ? [Date.parse(w.until)] : [])),
  ];
  const height = TOP + LANES.length * LANE_H + AXIS_H;
  const body: string[] = [
    `<text x="12" y="22" font-size="15" font-weight="600">${esc(clip(title, 120))}</text>`,
    `<text x="12" y="40" font-size="10" fill="#555">${esc(LEGEND)}</text>`,
  ];
  LANES.forEach((lane, i) => {
    const y = TOP + i * LANE_H;
    body.push(
      `<rect x="0" y="${y}" width="${width}" height="${LANE_H}" fill="${i % 2 ? '#ffffff' : '#f5f7fa'}"/>`,
      `<text x="12" y="${y + LANE_H / 2 + 4}" fill="#333">${esc(lane.label)}</text>`,
    );
  });
  if (times.length === 0) {
    body.push(`<text x="${LEFT}" y="${TOP + 20}" fill="#555">nothing on the timeline yet</text>`);
    return svgDocument(width, height, title, body);
  }
  const x = compressedAxis(times, LEFT, width - RIGHT);
  const laneY = (lane: LaneId) => TOP + LANES.findIndex((l) => l.id === lane) * LANE_H + LANE_H / 2;

  const blocksY = laneY('blocks');
  const end = Math.max(...times);
  windows.forEach((w, i) => {
    const from = x(Date.parse(w.from));
    const to = x(w.until ? Date.parse(w.until) : end);
    const y = blocksY - 9 + (i % 3) * 6;
    const tip = `${w.layer}: ${w.cidrs.length} address(es) live from ${w.from} ${w.until ? `until ${w.until}` : '(no end recorded)'}: ${clip(w.cidrs.join(', '), 400)}`;
    body.push(
      `<rect x="${n(from)}" y="${n(y)}" width="${n(Math.max(2, to - from))}" height="5" rx="2" fill="#6a1b9a" fill-opacity="0.55"><title>${esc(tip)}</title></rect>`,
    );
  });

  const all = markers(entries);
  for (const m of all) {
    // Different outcomes at one moment sit side by side instead of on top of each other.
    const beside = all.filter((o) => o.lane === m.lane && o.at === m.at).indexOf(m);
    const cx = x(m.at) + beside * 13;
    const cy = laneY(m.lane);
    const tip = [...m.lines.slice(0, 12), ...(m.lines.length > 12 ? [`… ${m.lines.length - 12} more`] : [])];
    const shape =
      m.lane === 'people'
        ? `<rect x="${n(cx - 5)}" y="${n(cy - 5)}" width="10" height="10" transform="rotate(45 ${n(cx)} ${n(cy)})" fill="${OUTCOME_COLOR[m.outcome]}"/>`
        : `<circle cx="${n(cx)}" cy="${n(cy)}" r="5.5" fill="${OUTCOME_COLOR[m.outcome]}"/>`;
    const count =
      m.lines.length > 1
        ? `<text x="${n(cx + 7)}" y="${n(cy - 6)}" font-size="9" fill="#333">${m.lines.length}</text>`
        : '';
    body.push(`<g>${shape}${count}<title>${esc(tip.join('\n'))}</title></g>`);
  }
  body.push(...axis(times, x, TOP + LANES.length * LANE_H, width));
  return svgDocument(width, height, title, body);
}

const LEGEND =
  'circle: riposte · diamond: a person · green ok · blue planned · orange refused · red failed · grey skipped · purple bar: addresses blocked · axis compressed';

/** Lines at the same moment, in the same lane, with the same outcome become one marker with a count. */
function markers(entries: readonly TimelineEntry[]): Marker[] {
  const byKey = new Map<string, Marker>();
  for (const e of entries) {
    const lane = laneOf(e);
    const at = Date.parse(e.at);
    const key = `${lane} ${at} ${e.outcome}`;
    const marker = byKey.get(key) ?? { lane, at, outcome: e.outcome, lines: [] };
    marker.lines.push(clip(`${e.at} ${e.actor} ${e.action} (${e.outcome}): ${e.detail}`, 300));
    byKey.set(key, marker);
  }
  return [...byKey.values()];
}

/** Map times onto [left, right]: each gap between consecutive distinct moments gets log(1 + seconds) of room. */
export function compressedAxis(times: readonly number[], left: number, right: number): (t: number) => number {
  const distinct = [...new Set(times)].sort((a, b) => a - b);
  const positions = [0];
  for (let i = 1; i < distinct.length; i++) {
    const gap = ((distinct[i] ?? 0) - (distinct[i - 1] ?? 0)) / 1000;
    positions.push((positions[i - 1] ?? 0) + Math.log1p(gap) + 0.5);
  }
  const total = positions.at(-1) ?? 0;
  const scale = total > 0 ? (right - left) / total : 0;
  const at = new Map(
    distinct.map((t, i) => [t, left + (total > 0 ? (positions[i] ?? 0) * scale : (right - left) / 2)]),
  );
  return (t: number) => {
    const known = at.get(t);
    if (known !== undefined) return known;
    // Between two known moments: linear inside that gap.
    const i = distinct.findIndex((d) => d > t);
    if (i <= 0) return i === 0 ? left : right;
    const a = distinct[i - 1] ?? t;
    const b = distinct[i] ?? t;
    const xa = at.get(a) ?? left;
    const xb = at.get(b) ?? right;
    return xa + ((t - a) / (b - a)) * (xb - xa);
  };
}

function axis(times: readonly number[], x: (t: number) => number, y: number, width: number): string[] {
  const distinct = [...new Set(times)].sort((a, b) => a - b);
  const out = [`<line x1="${LEFT}" y1="${y}" x2="${width - RIGHT}" y2="${y}" stroke="#333"/>`];
  let lastRight = Number.NEGATIVE_INFINITY;
  let lastDay = '';
  for (let i = 0; i < distinct.length; i++) {
    const t = distinct[i] ?? 0;
    const px = x(t);
    out.push(`<line x1="${n(px)}" y1="${y}" x2="${n(px)}" y2="${y + 4}" stroke="#333"/>`);
    const prev = distinct[i - 1];
    if (prev !== undefined && t - prev >= 10 * 60_000) {
      const mid = (x(prev) + px) / 2;
      out.push(
        `<text x="${n(mid)}" y="${y - 4}" font-size="9" fill="#777" text-anchor="middle">${esc(`⋯ ${humanDuration(t - prev)} ⋯`)}</text>`,
      );
    }
    const anchor = px > width - RIGHT - 50 ? 'end' : 'middle';
    const left = anchor === 'end' ? px - 86 : px - 43;
    if (left < lastRight + 4) continue;
    const iso = new Date(t).toISOString();
    const day = iso.slice(0, 10);
    const label = day === lastDay ? iso.slice(11, 19) : `${day} ${iso.slice(11, 16)}`;
    out.push(
      `<text x="${n(px)}" y="${y + 16}" font-size="10" fill="#333" text-anchor="${anchor}">${esc(label)}</text>`,
    );
    lastRight = anchor === 'end' ? px : px + 43;
    lastDay = day;
  }
  out.push(
    `<text x="${LEFT}" y="${y + 40}" font-size="10" fill="#555">${esc(`time (UTC), from ${new Date(distinct[0] ?? 0).toISOString()} to ${new Date(distinct.at(-1) ?? 0).toISOString()}`)}</text>`,
  );
  return out;
}
