import { describe, expect, it } from 'vitest';
import { type NaclEntry, planNacl } from '../../lambdas/core/nacl.ts';

const policy = { firstRule: 1, lastRule: 99, ruleLimit: 20 };
const owner = (ruleNumber: number, cidr: string, version: 4 | 6 = 4): NaclEntry => ({
  ruleNumber,
  cidr,
  version,
  action: 'allow',
});

describe('planNacl', () => {
  it('adds denies in the lowest free numbers of riposte range, IPv4 and IPv6, and leaves the owner rules alone', () => {
    const plan = planNacl(
      [owner(100, '0.0.0.0/0'), owner(101, '::/0', 6)],
      ['203.0.113.7', '2001:db8::1'],
      policy,
    );
    expect(plan.add).toEqual([
      { ruleNumber: 1, cidr: '203.0.113.7/32', version: 4, action: 'deny' },
      { ruleNumber: 2, cidr: '2001:db8::1/128', version: 6, action: 'deny' },
    ]);
    expect(plan.remove).toEqual([]);
  });

  it('keeps what is in place, removes what expired or was unblocked, reuses its number', () => {
    const existing: NaclEntry[] = [
      { ruleNumber: 1, cidr: '203.0.113.7/32', version: 4, action: 'deny' },
      { ruleNumber: 2, cidr: '198.51.100.9/32', version: 4, action: 'deny' },
      owner(100, '0.0.0.0/0'),
    ];
    const plan = planNacl(existing, ['203.0.113.7/32', '192.0.2.99'], policy);
    expect(plan.keep.map((e) => e.cidr)).toEqual(['203.0.113.7/32']);
    expect(plan.remove.map((e) => e.ruleNumber)).toEqual([2]);
    expect(plan.add).toEqual([{ ruleNumber: 2, cidr: '192.0.2.99/32', version: 4, action: 'deny' }]);
  });

  it('refuses what exceeds the 20 inbound rules of its IP version, naming the limit; the other version still fits', () => {
    const existing = Array.from({ length: 18 }, (_, i) => owner(100 + i, `10.${i}.0.0/16`));
    const wanted = ['203.0.113.1', '203.0.113.2', '203.0.113.3', '2001:db8::7'];
    const plan = planNacl(existing, wanted, policy);
    expect(plan.add.map((e) => e.cidr)).toEqual(['203.0.113.1/32', '203.0.113.2/32', '2001:db8::7/128']);
    expect(plan.refused).toEqual([
      { cidr: '203.0.113.3/32', reason: expect.stringContaining('NetworkAclEntryLimitExceeded') },
    ]);
  });

  it('refuses when riposte range has no free number', () => {
    const plan = planNacl([], ['203.0.113.1', '203.0.113.2'], { firstRule: 5, lastRule: 5, ruleLimit: 20 });
    expect(plan.add.map((e) => e.ruleNumber)).toEqual([5]);
    expect(plan.refused[0]?.reason).toContain('no free rule number');
  });
});
