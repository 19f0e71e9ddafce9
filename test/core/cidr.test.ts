import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Cidr, nonPublicRange, overlaps, parseCidr } from '../../lambdas/core/cidr.ts';

const cidrOf = (text: string) => parseCidr(text).cidr;

describe('parseCidr', () => {
  it('turns an IPv4-mapped IPv6 address into IPv4', () => {
    const c = parseCidr('::ffff:203.0.113.7');
    expect(c.cidr).toBe('203.0.113.7/32');
    expect(c.version).toBe(4);
    expect(c.prefix).toBe(32);
    expect(cidrOf('::ffff:cb00:7107')).toBe('203.0.113.7/32');
  });

  it('maps the prefix of an IPv4-mapped network and refuses one shorter than /96', () => {
    expect(cidrOf('::ffff:203.0.113.7/120')).toBe('203.0.113.0/24');
    expect(cidrOf('::ffff:203.0.113.7/128')).toBe('203.0.113.7/32');
    expect(() => parseCidr('::ffff:203.0.113.7/95')).toThrow(/at least \/96/);
  });

  it('reads zero-padded IPv4 octets as decimal, not octal', () => {
    expect(cidrOf('203.000.113.007')).toBe('203.0.113.7/32');
    expect(cidrOf('010.000.000.001')).toBe('10.0.0.1/32');
    expect(cidrOf('017.0.0.1')).toBe('17.0.0.1/32');
  });

  it('clears host bits', () => {
    expect(cidrOf('203.0.113.77/24')).toBe('203.0.113.0/24');
    expect(cidrOf('198.51.100.200/25')).toBe('198.51.100.128/25');
    expect(cidrOf('2001:db8:1:2:3:4:5:6/48')).toBe('2001:db8:1::/48');
    expect(cidrOf('203.0.113.77/0')).toBe('0.0.0.0/0');
  });

  it('writes IPv6 in RFC 5952 form', () => {
    const c = parseCidr('2001:DB8:0:0::1');
    expect(c.cidr).toBe('2001:db8::1/128');
    expect(c.version).toBe(6);
    expect(c.prefix).toBe(128);
    expect(cidrOf('2001:0db8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1/128');
    expect(cidrOf('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1/128');
  });

  it('accepts bracketed IPv6, with or without a prefix, and drops a zone index', () => {
    expect(cidrOf('[2001:db8::1]')).toBe('2001:db8::1/128');
    expect(cidrOf('[2001:db8::1]/64')).toBe('2001:db8::/64');
    expect(cidrOf('fe80::1%eth0')).toBe('fe80::1/128');
  });

  it('trims surrounding whitespace', () => {
    expect(cidrOf('  203.0.113.7\n')).toBe('203.0.113.7/32');
  });

  it.each([
    '999.1.1.1',
    '1.2.3',
    'abc',
    '1.2.3.4/33',
    '1.2.3.4/x',
    '1.2.3.4/',
    '/24',
    '',
    '1.2.3.4/24/8',
    '2001:db8::/129',
    '2130706433',
    '1.2.3.4.5',
  ])('refuses %j with an InvalidAddress error', (input) => {
    let caught: unknown;
    try {
      parseCidr(input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(Error);
    expect((caught as Error).name).toBe('InvalidAddress');
    expect((caught as Error).message).toContain(input.trim() === '' ? '""' : input);
  });
});

describe('overlaps', () => {
  const c = (text: string): Cidr => parseCidr(text);

  it('is true when one network contains the other, whichever is given first', () => {
    expect(overlaps(c('203.0.113.0/24'), c('203.0.113.7'))).toBe(true);
    expect(overlaps(c('203.0.113.7'), c('203.0.113.0/24'))).toBe(true);
    expect(overlaps(c('2001:db8::/32'), c('2001:db8:1::/48'))).toBe(true);
    expect(overlaps(c('2001:db8:1::/48'), c('2001:db8::/32'))).toBe(true);
  });

  it('is true for the same network in different spellings', () => {
    expect(overlaps(c('203.0.113.7'), c('::ffff:203.0.113.7'))).toBe(true);
    expect(overlaps(c('2001:db8::1'), c('2001:DB8:0:0::1/128'))).toBe(true);
  });

  it('is false for disjoint networks, both ways', () => {
    expect(overlaps(c('203.0.113.0/25'), c('203.0.113.128/25'))).toBe(false);
    expect(overlaps(c('203.0.113.128/25'), c('203.0.113.0/25'))).toBe(false);
    expect(overlaps(c('203.0.113.7'), c('203.0.113.8'))).toBe(false);
  });

  it('is false across IP versions, even for /0', () => {
    expect(overlaps(c('0.0.0.0/0'), c('2001:db8::1'))).toBe(false);
    expect(overlaps(c('2001:db8::1'), c('0.0.0.0/0'))).toBe(false);
    expect(overlaps(c('::/0'), c('203.0.113.7'))).toBe(false);
  });
});

describe('nonPublicRange', () => {
  it.each([
    ['10.1.2.3', 'private'],
    ['10.0.0.0/8', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.255', 'carrier-grade NAT'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['::ffff:10.0.0.1', 'private'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['fc00::1', 'unique-local (private)'],
    ['fd12:3456::1', 'unique-local (private)'],
    ['ff02::1', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['250.1.2.3/16', 'reserved'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.255', 'benchmarking'],
    ['192.0.0.8', 'IETF protocol assignments'],
    ['192.88.99.1', 'deprecated 6to4 relay anycast'],
    ['100::1', 'discard-only'],
    ['fec0::1', 'deprecated site-local'],
    ['feff::1', 'deprecated site-local'],
    ['2001:2::1', 'benchmarking'],
    ['2001:10::1', 'deprecated ORCHID'],
    ['64:ff9b:1::1', 'local-use IPv4/IPv6 translation'],
    ['::102:304', 'deprecated IPv4-compatible'],
    ['4000::1', 'reserved (outside IPv6 global unicast 2000::/3)'],
    ['::2:0:0:1', 'reserved (outside IPv6 global unicast 2000::/3)'],
    ['64:ff9b::a00:1', 'private (10.0.0.1/32 inside NAT64)'],
    ['64:ff9b::7f00:1', 'loopback (127.0.0.1/32 inside NAT64)'],
    ['2002:c0a8:101::1', 'private (192.168.1.1/32 inside 6to4)'],
    ['2002:a00::/24', 'private (10.0.0.0/8 inside 6to4)'],
    // Teredo stores the client address inverted: 0xf5fffffe is 10.0.0.1.
    ['2001:0:4136:e378:8000:63bf:f5ff:fffe', 'private (10.0.0.1/32 inside Teredo)'],
    ['64:ff9b::/64', 'unspecified (0.0.0.0/0 inside NAT64)'],
  ])('names the range of %s (%s)', (input, range) => {
    expect(nonPublicRange(parseCidr(input))).toBe(range);
  });

  it('names the range a broad network only partly covers', () => {
    expect(nonPublicRange(parseCidr('172.0.0.0/8'))).toBe('private');
    expect(nonPublicRange(parseCidr('192.0.0.0/8'))).toBe('private');
    expect(nonPublicRange(parseCidr('0.0.0.0/0'))).toBeDefined();
    expect(nonPublicRange(parseCidr('fe00::/7'))).toBeDefined();
  });

  it.each([
    '203.0.113.7',
    '198.51.100.0',
    '192.0.2.44',
    '2001:db8::1',
    '199.241.229.197',
    '8.8.8.8',
    '172.15.255.255',
    '172.32.0.0',
    '100.63.255.255',
    '100.128.0.0',
    '11.0.0.0/8',
    '2606:4700::1111',
    '64:ff9b::cb00:7107',
    '2002:cb00:7107::1',
  ])('considers %s public (blockable)', (input) => {
    expect(nonPublicRange(parseCidr(input))).toBeUndefined();
  });
});

describe('parseCidr properties', () => {
  it('its canonical form is a fixpoint for any IPv4 address and prefix', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), (ip, prefix) => {
        const once = parseCidr(`${ip}/${prefix}`);
        const twice = parseCidr(once.cidr);
        expect(twice.cidr).toBe(once.cidr);
        expect(twice.prefix).toBe(prefix);
        expect(twice.version).toBe(4);
      }),
    );
  });

  it('its canonical form is a fixpoint for any IPv6 address and prefix', () => {
    fc.assert(
      fc.property(fc.ipV6(), fc.integer({ min: 96, max: 128 }), (ip, prefix) => {
        const once = parseCidr(`${ip}/${prefix}`);
        expect(parseCidr(once.cidr).cidr).toBe(once.cidr);
      }),
    );
  });

  it('normalizes the IPv4-mapped IPv6 form of any IPv4 address to the same CIDR', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), (ip, prefix) => {
        expect(cidrOf(`::ffff:${ip}`)).toBe(cidrOf(ip));
        expect(cidrOf(`::FFFF:${ip}/${prefix + 96}`)).toBe(cidrOf(`${ip}/${prefix}`));
      }),
    );
  });

  it('reads any zero-padded IPv4 address as the same address', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        const padded = ip
          .split('.')
          .map((octet) => octet.padStart(3, '0'))
          .join('.');
        expect(cidrOf(padded)).toBe(cidrOf(ip));
        expect(cidrOf(ip)).toBe(`${ip}/32`);
      }),
    );
  });
});
