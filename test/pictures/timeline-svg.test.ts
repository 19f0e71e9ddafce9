import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../lambdas/core/incident.ts';
import { blockWindows, compressedAxis, laneOf, timelineSvg } from '../../lib/pictures/timeline-svg.ts';

const incident = {
  id: 'INC-20261120-f009f3fa',
  title: 'credential-stuffing against 3 account(s)',
  status: 'contained' as const,
};

const line = (
  at: string,
  actor: string,
  action: string,
  detail: string,
  data?: Record<string, unknown>,
): TimelineEntry => ({
  at,
  actor,
  action,
  outcome: 'ok',
  detail,
  ...(data ? { data } : {}),
});

// The shapes the playbook's steps write (lambdas/actions/*), as `riposte incident --json` shows them.
const timeline: TimelineEntry[] = [
  line('2026-11-20T03:12:00.000Z', 'alert/riposte.detection', 'open-incident', 'opened from det-1'),
  line('2026-11-20T03:12:01.000Z', 'riposte/contain-accounts', 'revoke-sessions', 'revoked alice', {
    user: 'alice',
  }),
  line(
    '2026-11-20T03:12:02.000Z',
    'riposte/sync-waf',
    'waf-sync',
    'live in WAF: 203.0.113.7/32 until 2026-11-21T03:12:00.000Z',
    {
      live: ['203.0.113.7/32'],
      unblocked: [],
      notInWaf: [],
    },
  ),
  line('2026-11-20T03:12:02.000Z', 'riposte/sync-waf', 'waf-sync', 'live', {
    live: ['198.51.100.9/32'],
    unblocked: [],
    notInWaf: [],
    until: { '198.51.100.9/32': '2026-11-20T09:12:02.000Z' },
  }),
  line('2026-11-20T05:00:00.000Z', 'riposte/sync-waf', 'waf-sync', 'removed from WAF: 198.51.100.9/32', {
    live: [],
    unblocked: ['198.51.100.9/32'],
    notInWaf: [],
  }),
  line('2026-11-20T03:12:03.000Z', 'riposte/seal-evidence', 'seal-evidence', 'sealed'),
  line('2026-11-20T03:12:04.000Z', 'riposte/page-responders', 'page', 'paged'),
  line('2026-11-22T03:12:00.000Z', 'riposte/relax', 'relax-stage', 'stage countries applied'),
  line('2026-11-20T03:30:00.000Z', 'human/dana', 'approve', 'approved by dana'),
];

function parse(svg: string) {
  const errors: string[] = [];
  const doc = new DOMParser({
    onError: (level, message) => errors.push(`${level}: ${message}`),
  }).parseFromString(svg, 'image/svg+xml');
  return { doc, errors };
}

describe('timeline picture', () => {
  it('is a well-formed SVG image with one lane per kind of work and a marker per moment', () => {
    const svg = timelineSvg(incident, timeline);
    const { doc, errors } = parse(svg);
    expect(errors).toEqual([]);
    expect(doc.documentElement?.nodeName).toBe('svg');
    expect(doc.documentElement?.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
    const texts = Array.from(doc.getElementsByTagName('text')).map((t) => t.textContent);
    for (const lane of [
      'Detection',
      'Blocks (WAF, network)',
      'Accounts',
      'Evidence',
      'Relaxation',
      'Pages',
      'People',
    ])
      expect(texts).toContain(lane);
    // Nine lines, two of them (the waf-syncs at 03:12:02) at one moment in one lane: eight markers.
    expect(doc.getElementsByTagName('g').length).toBe(8);
    // A person's action is drawn as a diamond (a rotated square), riposte's as circles.
    expect(doc.getElementsByTagName('circle').length).toBe(7);
  });

  it('sends each line to its lane: people first, then by what the step touched', () => {
    expect(laneOf({ actor: 'human/dana', action: 'approve' })).toBe('people');
    expect(laneOf({ actor: 'operator/sam', action: 'unblock-ip' })).toBe('people');
    expect(laneOf({ actor: 'alert/guardduty', action: 'attach-alert' })).toBe('detection');
    expect(laneOf({ actor: 'riposte/sync-waf', action: 'waf-sync' })).toBe('blocks');
    expect(laneOf({ actor: 'riposte/block-ips', action: 'network-acl-block' })).toBe('blocks');
    expect(laneOf({ actor: 'riposte/relax', action: 'relax-stage' })).toBe('relaxation');
    expect(laneOf({ actor: 'riposte/tighten-posture', action: 'tighten-posture' })).toBe('posture');
    expect(laneOf({ actor: 'riposte/contain-accounts', action: 'force-password-reset' })).toBe('accounts');
    expect(laneOf({ actor: 'riposte/page-responders', action: 'page' })).toBe('pages');
    expect(laneOf({ actor: 'riposte/playbook', action: 'set-status' })).toBe('playbook');
  });

  it('draws each block window from going live to its expiry, or to an earlier unblock', () => {
    const windows = blockWindows(timeline);
    expect(windows).toEqual([
      {
        layer: 'WAF',
        cidrs: ['203.0.113.7/32'],
        from: '2026-11-20T03:12:02.000Z',
        until: '2026-11-21T03:12:00.000Z',
      },
      {
        layer: 'WAF',
        cidrs: ['198.51.100.9/32'],
        from: '2026-11-20T03:12:02.000Z',
        until: '2026-11-20T05:00:00.000Z',
      },
    ]);
    const { doc } = parse(timelineSvg(incident, timeline));
    const bars = Array.from(doc.getElementsByTagName('rect')).filter(
      (r) => r.getAttribute('fill') === '#6a1b9a',
    );
    expect(bars).toHaveLength(2);
    // The one that ran a day is longer than the one lifted after two hours.
    const widths = bars.map((b) => Number(b.getAttribute('width')));
    expect(widths[0]).toBeGreaterThan(widths[1] ?? Number.POSITIVE_INFINITY);
  });

  it('escapes attacker-controlled text: a hostile detail stays text and the file stays valid XML', () => {
    const hostile = line(
      '2026-11-20T03:12:05.000Z',
      'alert/riposte.detection',
      'attach-alert',
      'user agent </title><script>alert(1)</script> & "x" \u0000\u001b',
    );
    const svg = timelineSvg({ ...incident, title: '<b>&</b>' }, [...timeline, hostile]);
    const { doc, errors } = parse(svg);
    expect(errors).toEqual([]);
    expect(doc.getElementsByTagName('script').length).toBe(0);
    expect(svg).not.toContain('<script>');
    const tips = Array.from(doc.getElementsByTagName('title')).map((t) => t.textContent ?? '');
    expect(tips.some((t) => t.includes('</title><script>alert(1)</script> & "x"'))).toBe(true);
    expect(tips[0]).toContain('<b>&</b>');
  });

  it('keeps time running left to right on the compressed axis', () => {
    const times = timeline.map((e) => Date.parse(e.at));
    const x = compressedAxis(times, 100, 900);
    const sorted = [...new Set(times)].sort((a, b) => a - b);
    const xs = sorted.map(x);
    for (let i = 1; i < xs.length; i++) expect(xs[i]).toBeGreaterThan(xs[i - 1] ?? 0);
    expect(xs[0]).toBe(100);
    expect(xs.at(-1)).toBe(900);
    // A moment between two known ones falls between them.
    const mid = x(Date.parse('2026-11-21T00:00:00.000Z'));
    expect(mid).toBeGreaterThan(x(Date.parse('2026-11-20T05:00:00.000Z')));
    expect(mid).toBeLessThan(x(Date.parse('2026-11-22T03:12:00.000Z')));
  });

  it('draws an empty timeline as a valid picture that says so', () => {
    const svg = timelineSvg(incident, []);
    expect(parse(svg).errors).toEqual([]);
    expect(svg).toContain('nothing on the timeline yet');
  });
});
