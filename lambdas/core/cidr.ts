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

/** Networks that can never be a public attacker on the internet (RFC 6890 special-purpose, not routable). */
const NON_PUBLIC: ReadonlyArray<[string, string]> = [
  ['0.0.0.0/8', 'unspecified'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'carrier-grade NAT'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private'],
  ['192.168.0.0/16', 'private'],
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'broadcast'],
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['fc00::/7', 'unique-local (private)'],
  ['fe80::/10', 'link-local'],
  ['ff00::/8', 'multicast'],
];
const NON_PUBLIC_CIDRS = NON_PUBLIC.map(([c, name]) => ({ range: parseCidr(c), name }));

/** The special-purpose range a network touches if it is not publicly routable, otherwise undefined. */
export function nonPublicRange(c: Cidr): string | undefined {
  return NON_PUBLIC_CIDRS.find(({ range }) => overlaps(range, c))?.name;
}
