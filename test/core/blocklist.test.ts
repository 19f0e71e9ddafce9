import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyChange,
  type BlockEntry,
  type BlockRequest,
  blockDurationHours,
  byPriority,
  isActive,
  planShards,
  type UnblockRequest,
} from '../../lambdas/core/blocklist.ts';

const LADDER = [24, 168, 720] as const;
const T0 = new Date('2026-11-20T03:00:00.000Z');
const hoursAfter = (at: Date, hours: number) => new Date(at.getTime() + hours * 3_600_000);
const iso = (at: Date) => at.toISOString();

function block(overrides: Partial<BlockRequest> = {}): BlockRequest {
  return {
    op: 'block',
    cidr: '203.0.113.7/32',
    version: 4,
    incidentId: 'inc-a',
    reason: 'credential stuffing',
    severity: 80,
    requestedAt: iso(T0),
    ...overrides,
  };
}

function unblock(overrides: Partial<UnblockRequest> = {}): UnblockRequest {
  return {
    op: 'unblock',
    cidr: '203.0.113.7/32',
    version: 4,
    incidentId: 'inc-ops',
    reason: 'false positive',
    requestedAt: iso(T0),
    ...overrides,
  };
}

/** Apply a change that must produce an entry. */
function apply(
  existing: BlockEntry | undefined,
  change: BlockRequest | UnblockRequest,
  at: Date,
): BlockEntry {
  const next = applyChange(existing, change, LADDER, at);
  if (!next) throw new Error('applyChange returned no entry');
  return next;
}

describe('blockDurationHours', () => {
  it('climbs the ladder one strike at a time and stays on the last rung', () => {
    expect([1, 2, 3, 4, 5].map((s) => blockDurationHours(s, LADDER))).toEqual([24, 168, 720, 720, 720]);
  });

  it('treats a strike below 1 as the first', () => {
    expect(blockDurationHours(0, LADDER)).toBe(24);
  });

  it('refuses an empty ladder', () => {
    expect(() => blockDurationHours(1, [])).toThrow(RangeError);
  });
});

describe('applyChange', () => {
  it('a first block is strike 1 and lasts 24 hours', () => {
    const entry = apply(undefined, block(), T0);
    expect(entry).toMatchObject({
      cidr: '203.0.113.7/32',
      version: 4,
      incidentIds: ['inc-a'],
      severity: 80,
      strikes: 1,
      createdAt: iso(T0),
      updatedAt: iso(T0),
      expiresAt: iso(hoursAfter(T0, 24)),
    });
    expect(entry.unblockedAt).toBeUndefined();
    expect(isActive(entry, T0)).toBe(true);
  });

  it('blocking an active entry again adds the incident, keeps the strike and createdAt', () => {
    const first = apply(undefined, block(), T0);
    const t1 = hoursAfter(T0, 2);
    const again = apply(first, block({ incidentId: 'inc-b', severity: 60 }), t1);
    expect(again.incidentIds).toEqual(['inc-a', 'inc-b']);
    expect(again.strikes).toBe(1);
    expect(again.createdAt).toBe(iso(T0));
    expect(again.updatedAt).toBe(iso(t1));
    // A repeat of the same duration from a later time extends the block.
    expect(again.expiresAt).toBe(iso(hoursAfter(t1, 24)));
  });

  it('never shortens an active block', () => {
    const first = apply(undefined, block(), T0);
    const again = apply(first, block({ incidentId: 'inc-b', ttlHours: 1 }), hoursAfter(T0, 1));
    expect(again.expiresAt).toBe(first.expiresAt);
    expect(again.strikes).toBe(1);
  });

  it('a block of the same incident twice lists the incident once', () => {
    const first = apply(undefined, block(), T0);
    expect(apply(first, block(), hoursAfter(T0, 1)).incidentIds).toEqual(['inc-a']);
  });

  it('escalates after each expiry: 24 hours, then 7 days, then 30 days, then 30 days again', () => {
    const first = apply(undefined, block(), T0);
    const t1 = hoursAfter(T0, 25);
    expect(isActive(first, t1)).toBe(false);
    const second = apply(first, block({ incidentId: 'inc-b' }), t1);
    expect(second).toMatchObject({
      strikes: 2,
      expiresAt: iso(hoursAfter(t1, 168)),
      createdAt: iso(t1),
      // A new strike belongs to the incidents that caused it.
      incidentIds: ['inc-b'],
    });
    const t2 = hoursAfter(t1, 169);
    const third = apply(second, block({ incidentId: 'inc-c' }), t2);
    expect(third).toMatchObject({ strikes: 3, expiresAt: iso(hoursAfter(t2, 720)) });
    const t3 = hoursAfter(t2, 721);
    const fourth = apply(third, block(), t3);
    expect(fourth).toMatchObject({ strikes: 4, expiresAt: iso(hoursAfter(t3, 720)) });
  });

  it('an entry expires exactly at expiresAt', () => {
    const entry = apply(undefined, block(), T0);
    expect(isActive(entry, hoursAfter(T0, 24))).toBe(false);
    expect(isActive(entry, new Date(hoursAfter(T0, 24).getTime() - 1))).toBe(true);
  });

  it('compares expiry as times, not text: a block past year 9999 is active (it sorts before "2026" as text)', () => {
    const far = { ...apply(undefined, block(), T0), expiresAt: '+010000-01-01T00:00:00.000Z' } as BlockEntry;
    expect(isActive(far, T0)).toBe(true);
    expect(apply(far, block(), T0)?.expiresAt).toBe('+010000-01-01T00:00:00.000Z');
  });

  it('ttlHours overrides the ladder but still counts the strike', () => {
    const first = apply(undefined, block({ ttlHours: 2 }), T0);
    expect(first).toMatchObject({ strikes: 1, expiresAt: iso(hoursAfter(T0, 2)) });
    const t1 = hoursAfter(T0, 3);
    const second = apply(first, block({ ttlHours: 5 }), t1);
    expect(second).toMatchObject({ strikes: 2, expiresAt: iso(hoursAfter(t1, 5)) });
    // The next ladder block after a manual one continues from the strike count.
    const t2 = hoursAfter(t1, 6);
    expect(apply(second, block(), t2)).toMatchObject({ strikes: 3, expiresAt: iso(hoursAfter(t2, 720)) });
  });

  it('unblocking keeps the entry for its history, inactive', () => {
    const first = apply(undefined, block(), T0);
    const t1 = hoursAfter(T0, 1);
    const off = apply(first, unblock(), t1);
    expect(off).toMatchObject({
      unblockedAt: iso(t1),
      updatedAt: iso(t1),
      strikes: 1,
      incidentIds: ['inc-a'],
      expiresAt: first.expiresAt,
      createdAt: iso(T0),
    });
    expect(isActive(off, t1)).toBe(false);
  });

  it('unblocking clears a capacity omission', () => {
    const first = {
      ...apply(undefined, block(), T0),
      omittedAt: iso(T0),
      omitReason: 'every IP set is full',
    };
    const off = apply(first, unblock(), hoursAfter(T0, 1));
    expect(off.omittedAt).toBeUndefined();
    expect(off.omitReason).toBeUndefined();
  });

  it('unblocking an unknown or already unblocked address changes nothing', () => {
    expect(applyChange(undefined, unblock(), LADDER, T0)).toBeUndefined();
    const off = apply(apply(undefined, block(), T0), unblock(), hoursAfter(T0, 1));
    expect(applyChange(off, unblock({ incidentId: 'inc-other' }), LADDER, hoursAfter(T0, 2))).toBe(off);
  });

  it('blocking again after an unblock starts a new, longer strike', () => {
    const first = apply(undefined, block(), T0);
    const off = apply(first, unblock(), hoursAfter(T0, 1));
    const t2 = hoursAfter(T0, 2);
    const again = apply(off, block({ incidentId: 'inc-b' }), t2);
    expect(again.unblockedAt).toBeUndefined();
    expect(again).toMatchObject({
      strikes: 2,
      createdAt: iso(t2),
      expiresAt: iso(hoursAfter(t2, 168)),
      incidentIds: ['inc-b'],
    });
    expect(isActive(again, t2)).toBe(true);
  });

  it('keeps the highest severity while active, and starts over with a new strike', () => {
    const first = apply(undefined, block({ severity: 80 }), T0);
    const lower = apply(first, block({ severity: 30, incidentId: 'inc-b' }), hoursAfter(T0, 1));
    expect(lower.severity).toBe(80);
    const higher = apply(lower, block({ severity: 95 }), hoursAfter(T0, 2));
    expect(higher.severity).toBe(95);
    const later = apply(higher, block({ severity: 30 }), hoursAfter(T0, 100));
    expect(later.severity).toBe(30);
  });
});

describe('byPriority', () => {
  const entry = (cidr: string, severity: number, updatedAt: string) =>
    ({ ...apply(undefined, block({ cidr, severity }), T0), updatedAt }) as BlockEntry;

  it('orders by severity, then the most recent, then the address', () => {
    const entries = [
      entry('203.0.113.3/32', 50, '2026-11-20T01:00:00Z'),
      entry('203.0.113.1/32', 90, '2026-11-20T01:00:00Z'),
      entry('203.0.113.2/32', 50, '2026-11-20T02:00:00Z'),
      entry('203.0.113.4/32', 50, '2026-11-20T01:00:00Z'),
    ];
    expect(entries.sort(byPriority).map((e) => e.cidr)).toEqual([
      '203.0.113.1/32',
      '203.0.113.2/32',
      '203.0.113.3/32',
      '203.0.113.4/32',
    ]);
  });
});

describe('planShards', () => {
  it('leaves addresses in the set they are in', () => {
    const { shards, overflow } = planShards(
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
      ['d', 'c', 'b', 'a'],
      3,
    );
    expect(shards).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(overflow).toEqual([]);
  });

  it('fills the sets in order with new addresses', () => {
    const { shards } = planShards([['a'], [], []], ['a', 'b', 'c', 'd', 'e', 'f'], 2);
    expect(shards).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
    ]);
  });

  it('removes what is no longer desired and reuses the room', () => {
    const { shards } = planShards(
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
      ['a', 'd', 'x'],
      2,
    );
    expect(shards).toEqual([['a', 'x'], ['d']]);
  });

  it('keeps the first capacity × sets addresses of the desired list and returns the rest as overflow', () => {
    const { shards, overflow } = planShards([['z'], []], ['a', 'b', 'c', 'd', 'z', 'e'], 2);
    // Room for 4: 'z' is not among the first four, so it leaves its set.
    expect(overflow).toEqual(['z', 'e']);
    expect(shards.flat().sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(shards.every((s) => s.length <= 2)).toBe(true);
  });

  it('puts an address that sits in two sets (a console edit) in one only, without losing another', () => {
    // The duplicate used to stay in both sets, filling them, so 'b' was neither written nor reported.
    const { shards, overflow } = planShards([['a'], ['a']], ['a', 'b'], 1);
    expect(shards).toEqual([['a'], ['b']]);
    expect(overflow).toEqual([]);
  });

  it('returns one (possibly empty) list per set', () => {
    expect(planShards([[], [], []], [], 5)).toEqual({ shards: [[], [], []], overflow: [] });
  });

  it('property: exactly the priority prefix is kept, once each, within capacity, without moving anything', () => {
    const address = fc.integer({ min: 0, max: 40 }).map((n) => `10.0.0.${n}/32`);
    const scenario = fc
      .record({ capacity: fc.integer({ min: 1, max: 6 }), sets: fc.integer({ min: 1, max: 4 }) })
      .chain(({ capacity, sets }) =>
        fc.record({
          capacity: fc.constant(capacity),
          current: fc.array(fc.uniqueArray(address, { maxLength: capacity }), {
            minLength: sets,
            maxLength: sets,
          }),
          desired: fc.uniqueArray(address, { maxLength: 30 }),
        }),
      );
    fc.assert(
      fc.property(scenario, ({ capacity, current, desired }) => {
        const { shards, overflow } = planShards(current, desired, capacity);
        const room = capacity * current.length;
        const placed = shards.flat();
        expect(shards).toHaveLength(current.length);
        for (const shard of shards) expect(shard.length).toBeLessThanOrEqual(capacity);
        // Every kept address exactly once, nothing else.
        expect(placed.length).toBe(new Set(placed).size);
        expect(new Set(placed)).toEqual(new Set(desired.slice(0, room)));
        // What did not fit is the lowest-priority tail, and kept ∪ overflow = desired.
        expect(overflow).toEqual(desired.slice(room));
        expect(new Set([...placed, ...overflow])).toEqual(new Set(desired));
        // Minimal change: a kept address stays in a set that already held it.
        for (const [i, shard] of shards.entries()) {
          for (const a of shard) {
            const holders = current.flatMap((set, j) => (set.includes(a) ? [j] : []));
            if (holders.length > 0) expect(holders).toContain(i);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
