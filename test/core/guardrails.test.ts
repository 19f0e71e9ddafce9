import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { nonPublicRange, overlaps, parseCidr } from '../../lambdas/core/cidr.ts';
import { type BlockLimits, planBlocks } from '../../lambdas/core/guardrails.ts';

const LIMITS: BlockLimits = {
  allowList: ['198.51.100.10/32', '192.0.2.0/24', '2001:db8:ffff::/48'],
  maxPrefixV4: 16,
  maxPrefixV6: 48,
};

const acceptedOf = (requested: string[], limits = LIMITS) =>
  planBlocks(requested, limits).accepted.map((c) => c.cidr);

describe('planBlocks', () => {
  it('accepts public attacker addresses in canonical form', () => {
    const plan = planBlocks(['203.0.113.7', '2001:DB8:1::5', '199.241.229.197/32'], LIMITS);
    expect(plan.accepted.map((c) => c.cidr)).toEqual([
      '203.0.113.7/32',
      '2001:db8:1::5/128',
      '199.241.229.197/32',
    ]);
    expect(plan.refused).toEqual([]);
  });

  describe('allow-list', () => {
    it('never accepts an allow-listed address', () => {
      const plan = planBlocks(['198.51.100.10', '::ffff:198.51.100.10'], LIMITS);
      expect(plan.accepted).toEqual([]);
      expect(plan.refused).toHaveLength(2);
      for (const r of plan.refused) expect(r.reason).toMatch(/allow-listed 198\.51\.100\.10\/32/);
    });

    it('refuses a /24 that contains an allow-listed /32', () => {
      const plan = planBlocks(['198.51.100.0/24'], LIMITS);
      expect(plan.accepted).toEqual([]);
      expect(plan.refused).toEqual([
        {
          input: '198.51.100.0/24',
          reason: expect.stringMatching(/overlaps allow-listed 198\.51\.100\.10\/32/),
        },
      ]);
    });

    it('refuses a /32 inside an allow-listed /24', () => {
      const plan = planBlocks(['192.0.2.55', '192.0.2.0/25'], LIMITS);
      expect(plan.accepted).toEqual([]);
      expect(plan.refused.map((r) => r.reason)).toEqual([
        expect.stringContaining('overlaps allow-listed 192.0.2.0/24'),
        expect.stringContaining('overlaps allow-listed 192.0.2.0/24'),
      ]);
    });

    it('refuses IPv6 inside an allow-listed IPv6 network but keeps neighbours', () => {
      expect(acceptedOf(['2001:db8:ffff:1::1', '2001:db8:fffe::1'])).toEqual(['2001:db8:fffe::1/128']);
    });

    it('normalizes the allow-list itself (host bits, mapped form)', () => {
      const limits = { ...LIMITS, allowList: ['::ffff:203.0.113.99/120'] };
      const plan = planBlocks(['203.0.113.7'], limits);
      expect(plan.accepted).toEqual([]);
      expect(plan.refused[0]?.reason).toContain('203.0.113.0/24');
    });
  });

  describe('non-public address space', () => {
    it.each([
      ['10.0.0.5', 'private'],
      ['172.18.39.5', 'private'],
      ['192.168.0.1', 'private'],
      ['127.0.0.1', 'loopback'],
      ['169.254.169.254', 'link-local'],
      ['100.64.1.1', 'carrier-grade NAT'],
      ['224.0.0.251', 'multicast'],
      ['0.0.0.0', 'unspecified'],
      ['::', 'unspecified'],
      ['::1', 'loopback'],
      ['fe80::1', 'link-local'],
      ['fd00::1', 'unique-local (private)'],
      ['ff02::1', 'multicast'],
      ['::ffff:172.18.39.5', 'private'],
    ])('refuses %s naming the %s range', (input, range) => {
      const plan = planBlocks([input], LIMITS);
      expect(plan.accepted).toEqual([]);
      expect(plan.refused).toHaveLength(1);
      expect(plan.refused[0]?.input).toBe(input);
      expect(plan.refused[0]?.reason).toContain(`is ${range} address space`);
    });
  });

  describe('blast radius', () => {
    it('refuses IPv4 prefixes broader than /16 and accepts /16', () => {
      const plan = planBlocks(['11.0.0.0/15', '11.0.0.0/8', '11.2.0.0/16'], LIMITS);
      expect(plan.accepted.map((c) => c.cidr)).toEqual(['11.2.0.0/16']);
      expect(plan.refused.map((r) => r.reason)).toEqual([
        '11.0.0.0/15 is broader than the /16 limit for IPv4',
        '11.0.0.0/8 is broader than the /16 limit for IPv4',
      ]);
    });

    it('refuses IPv6 prefixes broader than /48 and accepts /48', () => {
      const plan = planBlocks(['2001:db8:1::/47', '2001:db8:2::/48'], LIMITS);
      expect(plan.accepted.map((c) => c.cidr)).toEqual(['2001:db8:2::/48']);
      expect(plan.refused).toEqual([
        { input: '2001:db8:1::/47', reason: '2001:db8::/47 is broader than the /48 limit for IPv6' },
      ]);
    });

    it('honours configured limits', () => {
      expect(acceptedOf(['11.2.3.0/24'], { ...LIMITS, maxPrefixV4: 28 })).toEqual([]);
      expect(acceptedOf(['11.2.3.0/24'], { ...LIMITS, maxPrefixV4: 24 })).toEqual(['11.2.3.0/24']);
    });
  });

  it('refuses invalid addresses with a reason instead of throwing', () => {
    const requested = ['999.1.1.1', '1.2.3', 'abc', '1.2.3.4/33', '1.2.3.4/x', '', '203.0.113.7'];
    const plan = planBlocks(requested, LIMITS);
    expect(plan.accepted.map((c) => c.cidr)).toEqual(['203.0.113.7/32']);
    expect(plan.refused.map((r) => r.input)).toEqual(requested.slice(0, -1));
    for (const r of plan.refused) {
      expect(r.reason.length).toBeGreaterThan(0);
      expect(r.reason).toContain(`"${r.input}"`);
    }
  });

  it('collapses duplicates and equivalent spellings into one accepted entry', () => {
    const plan = planBlocks(
      [
        '203.0.113.7',
        '::ffff:203.0.113.7',
        '203.0.113.7/32',
        '203.000.113.007',
        ' 203.0.113.7 ',
        '203.0.113.7',
      ],
      LIMITS,
    );
    expect(plan.accepted.map((c) => c.cidr)).toEqual(['203.0.113.7/32']);
    expect(plan.refused).toEqual([]);
    expect(acceptedOf(['2001:db8:1::1', '2001:DB8:1:0:0:0:0:1', '[2001:db8:1::1]/128'])).toEqual([
      '2001:db8:1::1/128',
    ]);
  });

  it('handles an empty request and an empty allow-list', () => {
    expect(planBlocks([], LIMITS)).toEqual({ accepted: [], refused: [] });
    expect(acceptedOf(['198.51.100.10'], { ...LIMITS, allowList: [] })).toEqual(['198.51.100.10/32']);
  });
});

describe('planBlocks properties', () => {
  const allowListed = fc.constantFrom(
    ...LIMITS.allowList,
    '198.51.100.10',
    '192.0.2.200',
    '2001:db8:ffff:1::9',
  );
  const privateOnes = fc.constantFrom(
    '10.1.2.3',
    '172.20.0.0/16',
    '192.168.10.10',
    '127.0.0.1',
    '169.254.1.1',
    '100.64.5.5',
    '224.0.0.1',
    '0.0.0.0',
    '::1',
    'fe80::1',
    'fc00::/7',
    'ff00::1',
    '::ffff:10.0.0.1',
  );
  const v4 = fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })).map(([ip, p]) => `${ip}/${p}`);
  const v6 = fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 128 })).map(([ip, p]) => `${ip}/${p}`);
  const junk = fc.constantFrom('999.1.1.1', 'abc', '1.2.3', '1.2.3.4/33', '');
  const requested = fc.array(
    fc.oneof(fc.ipV4(), fc.ipV6(), v4, v6, allowListed, privateOnes, junk, fc.string({ maxLength: 20 })),
    { maxLength: 40 },
  );

  it('never accepts anything overlapping an allow-listed or non-public network', () => {
    const allow = LIMITS.allowList.map((c) => parseCidr(c));
    fc.assert(
      fc.property(requested, (inputs) => {
        const plan = planBlocks(inputs, LIMITS);
        for (const c of plan.accepted) {
          expect(allow.some((a) => overlaps(a, c))).toBe(false);
          expect(nonPublicRange(c)).toBeUndefined();
          expect(c.prefix).toBeGreaterThanOrEqual(c.version === 4 ? LIMITS.maxPrefixV4 : LIMITS.maxPrefixV6);
        }
      }),
    );
  });

  it('accounts for every input: accepted + refused = inputs minus duplicates of accepted ones', () => {
    fc.assert(
      fc.property(requested, (inputs) => {
        const plan = planBlocks(inputs, LIMITS);
        const acceptedCidrs = new Set(plan.accepted.map((c) => c.cidr));
        expect(acceptedCidrs.size).toBe(plan.accepted.length);
        const refusedInputs = new Set(plan.refused.map((r) => r.input));
        let acceptedInputs = 0;
        for (const input of inputs) {
          let cidr: string | undefined;
          try {
            cidr = parseCidr(input).cidr;
          } catch {
            cidr = undefined;
          }
          const wasAccepted = cidr !== undefined && acceptedCidrs.has(cidr);
          // Each input is either accepted or refused, never both, never neither.
          expect(wasAccepted).toBe(!refusedInputs.has(input));
          if (wasAccepted) acceptedInputs++;
        }
        const duplicatesOfAccepted = acceptedInputs - plan.accepted.length;
        expect(plan.accepted.length + plan.refused.length).toBe(inputs.length - duplicatesOfAccepted);
      }),
    );
  });
});

/**
 * RFC 6890 and the IANA special-purpose registries (https://www.iana.org/assignments/iana-ipv4-special-registry,
 * .../iana-ipv6-special-registry): the entries that are not globally reachable, plus multicast and the IPv6
 * space outside 2000::/3. Written out here independently of lambdas/core/cidr.ts; documentation ranges are
 * blockable on purpose (ADR 0004).
 */
const SPECIAL_V4 = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.88.99.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '224.0.0.0/4',
  '240.0.0.0/4',
];
const SPECIAL_V6 = [
  '::/96',
  '100::/64',
  '2001:2::/48',
  '2001:10::/28',
  '64:ff9b:1::/48',
  'fc00::/7',
  'fe80::/10',
  'fec0::/10',
  'ff00::/8',
  '4000::/2',
  '8000::/1',
  '::/3',
];

/** A random address inside a range: the range's prefix bits, random host bits. */
function addressIn(range: string, random: number[]): string {
  const [net = '', bits = '0'] = range.split('/');
  const bytes = ipaddr.parse(net).toByteArray();
  const prefix = Number(bits);
  const out = bytes.map((byte, i) => {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    const mask = (0xff << (8 - keep)) & 0xff;
    return (byte & mask) | ((random[i] ?? 0) & ~mask & 0xff);
  });
  return ipaddr.fromByteArray(out).toString();
}
const randomBytes = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 16, maxLength: 16 });
const v4ToHex = (ip: string) => {
  const b = ipaddr.parse(ip).toByteArray();
  return [((b[0] ?? 0) << 8) | (b[1] ?? 0), ((b[2] ?? 0) << 8) | (b[3] ?? 0)].map((n) => n.toString(16));
};
/** The IPv6 forms that carry an IPv4 address: NAT64, 6to4, Teredo (client inverted), IPv4-mapped. */
const embeddings = (ip: string): string[] => {
  const [hi = '0', lo = '0'] = v4ToHex(ip);
  const inv = (h: string) => (0xffff ^ Number.parseInt(h, 16)).toString(16);
  return [
    `64:ff9b::${hi}:${lo}`,
    `2002:${hi}:${lo}::1`,
    `2001:0:4136:e378:8000:63bf:${inv(hi)}:${inv(lo)}`,
    `::ffff:${ip}`,
  ];
};

describe('guardrails against special and embedded addresses (properties)', () => {
  it('never passes an address in an RFC 6890 special range, in any IPv6 form that carries it', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SPECIAL_V4), randomBytes, (range, random) => {
        const ip = addressIn(range, random);
        const plan = planBlocks([ip, ...embeddings(ip)], { ...LIMITS, allowList: [] });
        expect(plan.accepted).toEqual([]);
        expect(plan.refused).toHaveLength(5);
      }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...SPECIAL_V6), randomBytes, (range, random) => {
        const ip = addressIn(range, random);
        // ::/96 holds IPv4-compatible forms ipaddr.js reads as IPv4-mapped; those are judged as IPv4 instead.
        const plan = planBlocks([ip], { ...LIMITS, allowList: [] });
        if (parseCidr(ip).version === 6) expect(plan.accepted).toEqual([]);
      }),
    );
  });

  it('never passes the NAT64, 6to4, Teredo or mapped form of an allow-listed address', () => {
    const allow = ['192.0.2.0/24', '198.51.100.10/32', '8.8.8.0/24'];
    fc.assert(
      fc.property(fc.constantFrom(...allow), randomBytes, (range, random) => {
        const ip = addressIn(range, random);
        const plan = planBlocks(embeddings(ip), { ...LIMITS, allowList: allow });
        expect(plan.accepted).toEqual([]);
        for (const r of plan.refused) expect(r.reason).toMatch(/allow-listed/);
      }),
    );
  });

  it('still blocks the NAT64 and 6to4 forms of a public address that is not allow-listed', () => {
    const plan = planBlocks(embeddings('203.0.113.88').slice(0, 2), LIMITS);
    expect(plan.accepted.map((c) => c.cidr)).toEqual(['64:ff9b::cb00:7158/128', '2002:cb00:7158::1/128']);
  });

  it('refuses the issue 19 probe: the NAT64 form of allow-listed 192.0.2.10', () => {
    expect(planBlocks(['64:ff9b::c000:20a'], LIMITS).refused).toEqual([
      {
        input: '64:ff9b::c000:20a',
        reason:
          '64:ff9b::c000:20a/128 is 192.0.2.10/32 inside NAT64, which overlaps allow-listed 192.0.2.0/24',
      },
    ]);
  });
});
