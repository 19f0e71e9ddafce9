import ipaddr from 'ipaddr.js';

export type IpVersion = 4 | 6;

export interface Cidr {
  /** Canonical text: network address (host bits cleared) and prefix, IPv6 in RFC 5952 form. */
  cidr: string;
  version: IpVersion;
  address: ipaddr.IPv4 | ipaddr.IPv6;
  prefix: number;
}

export class InvalidAddressError extends Error {
  override name = 'InvalidAddress';
}

/** Zero-padded IPv4 ("203.000.113.007") is decimal in logs; ipaddr.js would read it as octal. */
function stripIpv4ZeroPadding(text: string): string {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(text)
    ? text
        .split('.')
        .map((o) => String(Number(o)))
        .join('.')
    : text;
}

/**
 * Parse an address or CIDR as it arrives in alerts and logs and normalize it:
 * IPv4-mapped IPv6 (`::ffff:a.b.c.d`) becomes IPv4, zero padding is dropped,
 * host bits are cleared, and a bare address becomes a /32 or /128.
 */
export function parseCidr(input: string): Cidr {
  const text = input.trim();
  const [rawAddress = '', rawPrefix, ...rest] = text.split('/');
  if (rest.length > 0 || rawAddress === '')
    throw new InvalidAddressError(`"${input}" is not an IP address or CIDR`);
  const addressText = stripIpv4ZeroPadding(rawAddress.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
  if (
    !ipaddr.isValid(addressText) ||
    (!addressText.includes(':') && !ipaddr.IPv4.isValidFourPartDecimal(addressText))
  ) {
    throw new InvalidAddressError(`"${input}" is not an IP address or CIDR`);
  }
  let address = ipaddr.parse(addressText);
  let prefix =
    rawPrefix === undefined ? (address.kind() === 'ipv4' ? 32 : 128) : parsePrefix(rawPrefix, input);
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    address = (address as ipaddr.IPv6).toIPv4Address();
    prefix = rawPrefix === undefined ? 32 : prefix - 96;
    if (prefix < 0) throw new InvalidAddressError(`"${input}": an IPv4-mapped prefix must be at least /96`);
  }
  const max = address.kind() === 'ipv4' ? 32 : 128;
  if (prefix > max) throw new InvalidAddressError(`"${input}": prefix /${prefix} is longer than /${max}`);
  const network =
    address.kind() === 'ipv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(`${address.toString()}/${prefix}`)
      : ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/${prefix}`);
  return {
    cidr: `${network.toString()}/${prefix}`,
    version: network.kind() === 'ipv4' ? 4 : 6,
    address: network,
    prefix,
  };
}

function parsePrefix(raw: string, input: string): number {
  if (!/^\d{1,3}$/.test(raw)) throw new InvalidAddressError(`"${input}": "/${raw}" is not a prefix length`);
  return Number(raw);
}

/** True when the two networks share any address (one contains the other). */
export function overlaps(a: Cidr, b: Cidr): boolean {
  if (a.version !== b.version) return false;
  const shorter = a.prefix <= b.prefix ? a : b;
  const longer = shorter === a ? b : a;
  return longer.address.match(shorter.address, shorter.prefix);
}

/**
 * Networks that can never be a public attacker on the internet: the IANA special-purpose registries (RFC 6890
 * and its updates) entries that are not globally reachable, plus multicast. The documentation ranges
 * (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32, 3fff::/20) stay blockable: scenarios, tests
 * and drills use them as attackers (ADR 0004).
 */
const NON_PUBLIC: ReadonlyArray<[string, string]> = [
  ['0.0.0.0/8', 'unspecified'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'carrier-grade NAT'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private'],
  ['192.168.0.0/16', 'private'],
  ['192.0.0.0/24', 'IETF protocol assignments'],
  ['192.88.99.0/24', 'deprecated 6to4 relay anycast'],
  ['198.18.0.0/15', 'benchmarking'],
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'broadcast'],
  ['240.0.0.0/4', 'reserved'],
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['::/96', 'deprecated IPv4-compatible'],
  ['64:ff9b:1::/48', 'local-use IPv4/IPv6 translation'],
  ['100::/64', 'discard-only'],
  ['2001:2::/48', 'benchmarking'],
  ['2001:10::/28', 'deprecated ORCHID'],
  ['fc00::/7', 'unique-local (private)'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'deprecated site-local'],
  ['ff00::/8', 'multicast'],
];
const NON_PUBLIC_CIDRS = NON_PUBLIC.map(([c, name]) => ({ range: parseCidr(c), name }));

/** IPv6 global unicast: everything outside it (but the translation forms) is reserved by the IETF. */
const GLOBAL_UNICAST = parseCidr('2000::/3');

/**
 * IPv6 forms that carry an IPv4 address (RFC 6052 NAT64, RFC 3056 6to4, RFC 4380 Teredo, whose client address
 * is stored inverted). IPv4-mapped addresses (`::ffff:0:0/96`) never get here: parseCidr turns them into IPv4.
 */
const EMBEDDINGS = [
  { name: 'NAT64', range: parseCidr('64:ff9b::/96'), firstBit: 96, inverted: false },
  { name: '6to4', range: parseCidr('2002::/16'), firstBit: 16, inverted: false },
  { name: 'Teredo', range: parseCidr('2001::/32'), firstBit: 96, inverted: true },
] as const;

export interface EmbeddedIpv4 {
  /** The transition form: NAT64, 6to4 or Teredo. */
  via: string;
  /** The IPv4 network the IPv6 network stands for (0.0.0.0/0 when it covers the whole embedding). */
  ipv4: Cidr;
}

/** The IPv4 network an IPv6 translation or tunnel address stands for, if it is one. */
export function embeddedIpv4(c: Cidr): EmbeddedIpv4 | undefined {
  if (c.version !== 6) return undefined;
  for (const e of EMBEDDINGS) {
    if (!overlaps(e.range, c)) continue;
    const bits = c.address
      .toByteArray()
      .flatMap((byte) => [...Array(8).keys()].map((b) => (byte >> (7 - b)) & 1));
    const ipv4Bits = bits.slice(e.firstBit, e.firstBit + 32).map((b) => (e.inverted ? 1 - b : b));
    const prefix = Math.max(0, Math.min(32, c.prefix - e.firstBit));
    const octets = [0, 1, 2, 3].map((o) => ipv4Bits.slice(o * 8, o * 8 + 8).reduce((n, b) => n * 2 + b, 0));
    return { via: e.name, ipv4: parseCidr(`${octets.join('.')}/${prefix}`) };
  }
  return undefined;
}

/**
 * The special-purpose range a network touches if it is not publicly routable, otherwise undefined. An IPv6
 * form carrying an IPv4 address is judged by that address too (`64:ff9b::a00:1` is private 10.0.0.1).
 */
export function nonPublicRange(c: Cidr): string | undefined {
  const special = NON_PUBLIC_CIDRS.find(({ range }) => overlaps(range, c))?.name;
  if (special) return special;
  const embedded = embeddedIpv4(c);
  if (embedded) {
    const inner = nonPublicRange(embedded.ipv4);
    return inner && `${inner} (${embedded.ipv4.cidr} inside ${embedded.via})`;
  }
  if (c.version === 6 && !(GLOBAL_UNICAST.prefix <= c.prefix && overlaps(GLOBAL_UNICAST, c)))
    return 'reserved (outside IPv6 global unicast 2000::/3)';
  return undefined;
}

/**
 * The one spelling of an address or network riposte correlates, counts and blocks on (`::ffff:1.2.3.4`,
 * ` 01.02.03.04 ` and `1.2.3.4/032` are all `1.2.3.4`), or undefined when it is not one. A single address
 * is written without its /32 or /128.
 */
export function canonicalAddress(input: string): string | undefined {
  try {
    const c = parseCidr(input);
    return c.prefix === (c.version === 4 ? 32 : 128) ? c.address.toString() : c.cidr;
  } catch {
    return undefined;
  }
}
