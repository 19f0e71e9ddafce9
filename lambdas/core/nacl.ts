import { type IpVersion, parseCidr } from './cidr.ts';

/**
 * The network layer: riposte's deny entries in a VPC network ACL, planned as pure data. Network ACL rules are
 * evaluated in rule-number order, lowest first, and the first match decides, so riposte's denies take the
 * numbers of a reserved range below the owner's allow rules. Amazon VPC allows 20 inbound rules per network
 * ACL by default (adjustable up to 40), counted separately for IPv4 and IPv6, not counting the default deny;
 * rule numbers are 1 to 32766. An entry is one CIDR (`CidrBlock` or `Ipv6CidrBlock`), and a write that would
 * exceed the quota fails with `NetworkAclEntryLimitExceeded`; a taken number with `NetworkAclEntryAlreadyExists`.
 */
export const NACL_MAX_RULE_NUMBER = 32_766;
export const NACL_DEFAULT_RULE_LIMIT = 20;

/** One inbound entry as EC2 DescribeNetworkAcls reports it. */
export interface NaclEntry {
  ruleNumber: number;
  cidr: string;
  version: IpVersion;
  action: 'allow' | 'deny';
}

export interface NaclPolicy {
  /** The rule numbers riposte owns, e.g. 1–99 under an owner's rules from 100 on. */
  firstRule: number;
  lastRule: number;
  /** Inbound rules per network ACL, per IP version (the account's quota; 20 by default). */
  ruleLimit: number;
}

export interface NaclPlan {
  /** New deny entries, each with the free rule number it takes. */
  add: NaclEntry[];
  /** riposte's entries no longer wanted (expired or unblocked): removed by rule number. */
  remove: NaclEntry[];
  /** Wanted CIDRs already in place. */
  keep: NaclEntry[];
  /** Wanted CIDRs that do not fit, with why: the rest stay blocked in WAF only. */
  refused: { cidr: string; reason: string }[];
}

/**
 * Make riposte's range of one network ACL deny exactly `wanted` (already through the guardrails): keep what
 * is there, remove riposte's entries no longer wanted, add the rest in the lowest free numbers of the range
 * while the quota of their IP version allows. Entries outside the range are the owner's and are never
 * touched, but count against the quota. Oldest wanted first: the order of `wanted` decides who fits.
 */
export function planNacl(
  existing: readonly NaclEntry[],
  wanted: readonly string[],
  policy: NaclPolicy,
): NaclPlan {
  const ours = (e: NaclEntry) => e.ruleNumber >= policy.firstRule && e.ruleNumber <= policy.lastRule;
  const want = [...new Set(wanted.map((w) => parseCidr(w).cidr))];
  const wantedSet = new Set(want);
  const keep = existing.filter((e) => ours(e) && e.action === 'deny' && wantedSet.has(e.cidr));
  const remove = existing.filter((e) => ours(e) && !keep.includes(e));
  const used = new Set(existing.filter((e) => !remove.includes(e)).map((e) => e.ruleNumber));
  const count: Record<IpVersion, number> = { 4: 0, 6: 0 };
  for (const e of existing) if (!remove.includes(e)) count[e.version]++;
  const have = new Set(keep.map((e) => e.cidr));
  const add: NaclEntry[] = [];
  const refused: NaclPlan['refused'] = [];
  let next = policy.firstRule;
  for (const cidr of want) {
    if (have.has(cidr)) continue;
    const { version } = parseCidr(cidr);
    if (count[version] >= policy.ruleLimit) {
      refused.push({
        cidr,
        reason: `NetworkAclEntryLimitExceeded: the network ACL already has ${count[version]} IPv${version} inbound rules (limit ${policy.ruleLimit})`,
      });
      continue;
    }
    while (next <= policy.lastRule && used.has(next)) next++;
    if (next > policy.lastRule) {
      refused.push({
        cidr,
        reason: `no free rule number in riposte's range ${policy.firstRule}–${policy.lastRule}`,
      });
      continue;
    }
    used.add(next);
    count[version]++;
    add.push({ ruleNumber: next, cidr, version, action: 'deny' });
  }
  return { add, remove, keep, refused };
}
