import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../lib/cli/report.ts';
import type { LocalRuntime } from '../../lib/local/runtime.ts';
import { deliverAndSummarize, detection, startRuntime } from '../support/local.ts';

/** Hostile inputs through the synthesized playbooks (issue 19): one runtime for the file. */
let runtime: LocalRuntime;
beforeAll(async () => {
  runtime = await startRuntime();
  for (const name of ['hana', 'ivan', 'judy', 'kurt', 'lena', 'mona'])
    await runtime.seedUser({ name, sessions: 1, enabled: true });
});
afterAll(() => runtime.close());

const at = (minute: number) => `2026-11-20T03:${String(minute).padStart(2, '0')}:00Z`;

describe('correlation and blocking on the normalized address', () => {
  it('five spellings of one address are one incident and one WAF entry', async () => {
    const spellings = [
      '203.0.113.88',
      '::ffff:203.0.113.88',
      ' 203.0.113.88 ',
      '203.000.113.088',
      '203.0.113.88/032',
    ];
    const incidents = new Set<string>();
    for (const [n, ip] of spellings.entries()) {
      const { incident } = await deliverAndSummarize(
        runtime,
        detection(`spelling-${n}`, {
          observedAt: at(n),
          sourceIps: [ip],
          targetedUsers: ['hana'],
          compromisedUsers: [],
        }),
      );
      incidents.add(incident.id);
    }
    expect(incidents.size).toBe(1);
    expect(runtime.liveAddresses().filter((a) => a.includes('203.0.113.88'))).toEqual(['203.0.113.88/32']);
  });
});

describe('guardrails on special and embedded addresses', () => {
  it('never puts an RFC 6890 special range or the NAT64/6to4/Teredo form of an allow-listed address in WAF', async () => {
    const hostile = [
      '64:ff9b::c000:20a', // NAT64 of allow-listed 192.0.2.10
      '2002:c000:20a::1', // 6to4 of 192.0.2.10
      '2001:0:4136:e378:8000:63bf:3fff:fdf5', // Teredo client 192.0.2.10 (stored inverted)
      '64:ff9b::a00:5', // NAT64 of private 10.0.0.5
      '240.0.0.1',
      '198.18.0.5',
      '192.0.0.9',
      '100::1',
      'fec0::1',
      '2001:2::1',
      '4000::1',
    ];
    const { summary, timeline } = await deliverAndSummarize(
      runtime,
      detection('special-ranges', {
        observedAt: at(30),
        sourceIps: [...hostile, '198.51.100.77'],
        targetedUsers: ['ivan'],
        compromisedUsers: [],
      }),
    );
    expect(summary.blocked).toEqual(['198.51.100.77/32']);
    expect(summary.refused.map((r) => r.address).sort()).toEqual([...hostile].sort());
    expect(summary.refused.find((r) => r.address === '64:ff9b::c000:20a')?.reason).toMatch(
      /192\.0\.2\.10\/32 inside NAT64, which overlaps allow-listed 192\.0\.2\.0\/24/,
    );
    const live = runtime.liveAddresses();
    for (const ip of hostile) expect(live.some((a) => a.startsWith(ip.split('/')[0] as string))).toBe(false);
    expect(timeline.filter((e) => e.outcome === 'refused').length).toBeGreaterThan(0);
  });
});

describe('time that cannot lie', () => {
  it.each([
    '9999-12-31T23:59:59Z',
    '0001-01-01T00:00:00Z',
  ])('rejects an alert observed at %s, naming the field, and starts nothing', async (observedAt) => {
    const before = runtime.executions.size;
    await expect(
      runtime.deliver(detection(`time-${observedAt}`, { observedAt, targetedUsers: ['judy'] })),
    ).rejects.toThrow(/observedAt: must be a time between 1990 and 2100/);
    expect(runtime.executions.size).toBe(before);
  });
});

describe('safe output', () => {
  it('keeps escape sequences and bidi overrides out of the incident report', async () => {
    const { incident, summary, timeline } = await deliverAndSummarize(
      runtime,
      detection('hostile-text', {
        observedAt: at(45),
        title: 'stuffing \u001b]0;pwned\u0007\u001b[2J | <img src=x onerror=alert(1)> \u202egpj.exe',
        sourceIps: ['198.51.100.78'],
        targetedUsers: ['kurt\u202e', 'lena\u2066x'],
        compromisedUsers: [],
        reasons: ['a|b\u0000c'],
      }),
    );
    const report = renderReport(incident, summary, timeline);
    expect(report).toContain('\\x1b\\]0;pwned\\x07\\x1b\\[2J');
    expect(report).toContain('\\| \\<img src=x onerror=alert(1)\\> \\u202egpj.exe');
    const raw = [...report].filter((c) => /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u.test(c) && c !== '\n');
    expect(raw).toEqual([]);
  });
});
