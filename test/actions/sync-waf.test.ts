import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockSourceIps } from '../../lambdas/actions/block-ips.ts';
import { KILL_SWITCH } from '../../lambdas/actions/kill-switch.ts';
import { syncWaf } from '../../lambdas/actions/sync-waf.ts';
import type { LocalWaf } from '../../lambdas/adapters/waf/local.ts';
import { MAX_ADDRESSES_PER_IP_SET, type WafIpSets } from '../../lambdas/adapters/waf/port.ts';
import type { Alert } from '../../lambdas/core/alerts.ts';
import { type BlockRequest, byPriority, type UnblockRequest } from '../../lambdas/core/blocklist.ts';
import { type LocalDynamo, startDynamo } from '../../lib/local/dynamo.ts';
import { buildWorld, changesOf, T0, type World } from '../support/deps.ts';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynamo();
});
afterAll(async () => {
  await dynamo?.close();
});

/** What one IP set holds. */
function inSet(world: World, version: 4 | 6, shard: number): string[] {
  const ref = world.ipSets[version][shard];
  if (!ref) throw new Error(`no IPv${version} set ${shard}`);
  return world.waf.addresses(ref);
}

const hoursAfter = (at: Date, hours: number) => new Date(at.getTime() + hours * 3_600_000);

function alert(sourceIps: string[], overrides: Partial<Alert> = {}): Alert {
  return {
    alertId: 'alert-1',
    origin: 'riposte.detection',
    type: 'credential-stuffing',
    playbook: 'credential-stuffing',
    title: 'Credential stuffing against /login',
    severity: 80,
    observedAt: T0.toISOString(),
    sourceIps,
    targetedUsers: [],
    compromisedUsers: [],
    sourceHosts: [],
    reasons: [],
    ...overrides,
  };
}

function block(cidr: string, incidentId: string, overrides: Partial<BlockRequest> = {}): BlockRequest {
  return {
    op: 'block',
    cidr,
    version: cidr.includes(':') ? 6 : 4,
    incidentId,
    reason: 'test',
    severity: 50,
    requestedAt: T0.toISOString(),
    ...overrides,
  };
}

function unblock(cidr: string, incidentId: string): UnblockRequest {
  return {
    op: 'unblock',
    cidr,
    version: cidr.includes(':') ? 6 : 4,
    incidentId,
    reason: 'false positive',
    requestedAt: T0.toISOString(),
  };
}

/** Deliver everything queued to the writer in one batch, as the SQS event source would. */
async function drain(world: World) {
  return syncWaf(changesOf(world.queue.take(Number.MAX_SAFE_INTEGER)), world.deps);
}

const v4 = (n: number) => `45.${Math.floor(n / 250)}.${n % 250}.1/32`;
const v6 = (n: number) => `2600:1f18:${(n + 1).toString(16)}::1/128`;

describe('syncWaf', () => {
  it('turns a batch of many blocks into one write per changed set, and a repeat into none', async () => {
    const world = await buildWorld(dynamo, { v4Sets: 2, v6Sets: 1 });
    const ipsA = Array.from({ length: 40 }, (_, i) => v4(i).replace('/32', ''));
    const ipsB = [
      ...Array.from({ length: 20 }, (_, i) => v6(i)),
      ...Array.from({ length: 30 }, (_, i) => v4(i + 40)),
    ];
    await blockSourceIps({ incidentId: 'inc-a', alert: alert(ipsA) }, world.deps);
    await blockSourceIps({ incidentId: 'inc-b', alert: alert(ipsB, { alertId: 'alert-2' }) }, world.deps);
    expect(world.queue.depth).toBe(2);

    const report = await drain(world);
    expect(report.changes).toBe(90);
    // Set 0 of each family had room for everything: set 1 (IPv4) is left alone.
    expect(report.writes).toEqual([
      { version: 4, shard: 0, addresses: 70, lockConflicts: 0 },
      { version: 6, shard: 0, addresses: 20, lockConflicts: 0 },
    ]);
    expect(world.waf.writes).toBe(2);
    expect(inSet(world, 4, 1)).toEqual([]);
    const expected = [
      ...Array.from({ length: 70 }, (_, i) => v4(i)),
      ...Array.from({ length: 20 }, (_, i) => v6(i)),
    ];
    expect(world.live()).toEqual(expected.sort());
    const entries = await world.blocklist.all();
    expect(entries).toHaveLength(90);
    expect(new Set(entries.map((e) => e.strikes))).toEqual(new Set([1]));

    // The sweep with nothing new, and a redelivery of the same changes, write nothing.
    expect((await syncWaf([], world.deps)).writes).toEqual([]);
    expect((await syncWaf([block(v4(3), 'inc-a'), block(v6(3), 'inc-b')], world.deps)).writes).toEqual([]);
    expect(world.waf.writes).toBe(2);
    expect(world.live()).toEqual(expected.sort());

    const timeline = await world.incidents.timeline('inc-a');
    const sync = timeline.filter((e) => e.action === 'waf-sync');
    expect(sync[0]).toMatchObject({ outcome: 'ok', data: { notInWaf: [] } });
    expect(sync[0]?.data?.live).toHaveLength(40);
  });

  it('refuses new blocks while the kill switch is on, records why, and still unblocks', async () => {
    const world = await buildWorld(dynamo);
    await syncWaf([block('203.0.113.7/32', 'inc-a')], world.deps);
    expect(world.live()).toEqual(['203.0.113.7/32']);

    await world.incidents.setControl(KILL_SWITCH, {
      on: true,
      by: 'alice',
      at: T0.toISOString(),
      reason: 'false positives from the partner range',
    });
    const report = await syncWaf(
      [
        block('198.51.100.9/32', 'inc-b'),
        block('2600:1f18::9/128', 'inc-b'),
        unblock('203.0.113.7/32', 'inc-ops'),
      ],
      world.deps,
    );
    expect(report.refused.map((r) => r.cidr).sort()).toEqual(['198.51.100.9/32', '2600:1f18::9/128']);
    expect(report.refused[0]?.reason).toMatch(/kill switch \(alice at .*false positives/);
    expect(world.live()).toEqual([]);
    // Refused blocks never reach the table either: nothing to escalate later.
    expect(await world.blocklist.get(['198.51.100.9/32', '2600:1f18::9/128'])).toEqual([]);
    expect((await world.blocklist.get(['203.0.113.7/32']))[0]?.unblockedAt).toBe(T0.toISOString());

    const refusedLine = (await world.incidents.timeline('inc-b')).find((e) => e.action === 'waf-sync');
    expect(refusedLine).toMatchObject({ outcome: 'failed', data: { live: [] } });
    expect(refusedLine?.detail).toMatch(
      /NOT in WAF: .*198\.51\.100\.9\/32 \(blocking paused by the kill switch/,
    );
    const unblockLine = (await world.incidents.timeline('inc-ops')).find((e) => e.action === 'waf-sync');
    expect(unblockLine).toMatchObject({ outcome: 'ok', detail: 'removed from WAF: 203.0.113.7/32' });

    // Unblocking alone does not even read the switch; switched off, blocking resumes.
    await world.incidents.setControl(KILL_SWITCH, {
      on: false,
      by: 'alice',
      at: T0.toISOString(),
      reason: 'ok',
    });
    await syncWaf([block('198.51.100.9/32', 'inc-b')], world.deps);
    expect(world.live()).toEqual(['198.51.100.9/32']);
  });

  it('the sweep removes an expired block from WAF but keeps its entry, and the next block escalates', async () => {
    const world = await buildWorld(dynamo);
    await syncWaf([block('203.0.113.7/32', 'inc-a'), block('2600:1f18::7/128', 'inc-a')], world.deps);
    const [first] = await world.blocklist.get(['203.0.113.7/32']);
    expect(first).toMatchObject({ strikes: 1, expiresAt: hoursAfter(T0, 24).toISOString() });

    // Still active: the sweep changes nothing.
    world.setNow(hoursAfter(T0, 23));
    expect((await syncWaf([], world.deps)).writes).toEqual([]);
    expect(world.live()).toEqual(['203.0.113.7/32', '2600:1f18::7/128']);

    const later = hoursAfter(T0, 25);
    world.setNow(later);
    const sweep = await syncWaf([], world.deps);
    expect(sweep.writes.map((w) => [w.version, w.addresses])).toEqual([
      [4, 0],
      [6, 0],
    ]);
    expect(world.live()).toEqual([]);
    expect(await world.blocklist.get(['203.0.113.7/32'])).toEqual([first]);

    await syncWaf([block('203.0.113.7/32', 'inc-b')], world.deps);
    expect(world.live()).toEqual(['203.0.113.7/32']);
    const [second] = await world.blocklist.get(['203.0.113.7/32']);
    expect(second).toMatchObject({
      strikes: 2,
      expiresAt: hoursAfter(later, 168).toISOString(),
      incidentIds: ['inc-b'],
    });
    const line = (await world.incidents.timeline('inc-b')).find((e) => e.action === 'waf-sync');
    expect(line?.detail).toBe(`live in WAF: 203.0.113.7/32 until ${hoursAfter(later, 168).toISOString()}`);
    // The same window as data, for the report's timeline picture and the IOC export's valid_until.
    expect(line?.data?.until).toEqual({ '203.0.113.7/32': hoursAfter(later, 168).toISOString() });
  });

  describe('when every IP set of a family is full', () => {
    const FULL = MAX_ADDRESSES_PER_IP_SET;
    let world: World;
    let bulk: BlockRequest[];

    beforeAll(async () => {
      world = await buildWorld(dynamo, { v4Sets: 1, v6Sets: 1 });
      // Low-severity blocks from many incidents, at the previous minute, fill the only IPv4 set exactly.
      const earlier = new Date(T0.getTime() - 60_000);
      world.setNow(earlier);
      bulk = Array.from({ length: FULL }, (_, i) =>
        block(v4(i), `inc-bulk-${i % 100}`, { severity: 10, requestedAt: earlier.toISOString() }),
      );
      const report = await syncWaf(bulk, world.deps);
      expect(report.omitted).toEqual([]);
      expect(inSet(world, 4, 0)).toHaveLength(FULL);
      world.setNow(T0);
    }, 60_000);

    it('keeps the highest severity, leaves out the lowest, pages, and tells every affected incident', async () => {
      const urgent = Array.from({ length: 5 }, (_, i) => block(v4(FULL + i), 'inc-urgent', { severity: 90 }));
      const report = await syncWaf(urgent, world.deps);

      // The five lowest-priority entries (same severity and time: the last addresses) leave the set.
      const entries = await world.blocklist.all();
      const lowest = entries
        .filter((e) => e.severity === 10)
        .sort(byPriority)
        .slice(-5)
        .map((e) => e.cidr);
      expect(report.omitted.sort()).toEqual([...lowest].sort());
      const live = new Set(inSet(world, 4, 0));
      expect(live.size).toBe(FULL);
      for (const u of urgent) expect(live.has(u.cidr)).toBe(true);
      for (const cidr of lowest) expect(live.has(cidr)).toBe(false);
      expect(report.writes).toEqual([{ version: 4, shard: 0, addresses: FULL, lockConflicts: 0 }]);

      const pages = world.topic.pages();
      expect(pages).toHaveLength(1);
      expect(pages[0]?.subject).toBe('[riposte] WAF blocklist FULL: 5 address(es) not blocked');
      for (const cidr of lowest) expect(pages[0]?.message).toContain(cidr);

      // The urgent incident is live; each incident whose address was pushed out is told it is NOT in WAF.
      const urgentLine = (await world.incidents.timeline('inc-urgent')).find((e) => e.action === 'waf-sync');
      expect(urgentLine).toMatchObject({ outcome: 'ok' });
      for (const cidr of lowest) {
        const owner = bulk.find((b) => b.cidr === cidr)?.incidentId as string;
        const lines = (await world.incidents.timeline(owner)).filter(
          (e) => e.outcome === 'failed' && e.detail.includes(cidr),
        );
        expect(lines, `${owner} is told ${cidr} left WAF`).toHaveLength(1);
        expect(lines[0]?.detail).toMatch(new RegExp(`NOT in WAF: .*${cidr.replaceAll('.', '\\.')}`));
      }
    }, 60_000);

    it('marks what it left out, so the next sweep pages again but does not repeat itself on incidents', async () => {
      const omitted = (await world.blocklist.all()).filter((e) => e.omittedAt);
      expect(omitted).toHaveLength(5);
      for (const e of omitted) expect(e.omitReason).toBe('every IP set is full');
      const pages = world.topic.pages().length;
      const owners = [...new Set(omitted.flatMap((e) => e.incidentIds))];
      const failedLines = async () =>
        (await Promise.all(owners.map((id) => world.incidents.timeline(id))))
          .flat()
          .filter((e) => e.outcome === 'failed').length;
      const before = await failedLines();

      world.setNow(new Date(T0.getTime() + 60_000));
      const sweep = await syncWaf([], world.deps);
      expect(sweep.omitted.sort()).toEqual(omitted.map((e) => e.cidr).sort());
      expect(sweep.writes).toEqual([]);
      expect(world.topic.pages()).toHaveLength(pages + 1);
      expect(await failedLines()).toBe(before);
      world.setNow(T0);
    }, 60_000);

    it('a new block of lower priority than everything live is the one left out', async () => {
      const before = world.topic.pages().length;
      const low = block(v4(FULL + 100), 'inc-low', { severity: 1 });
      const report = await syncWaf([low], world.deps);
      expect(report.omitted).toContain(low.cidr);
      expect(inSet(world, 4, 0)).not.toContain(low.cidr);
      const line = (await world.incidents.timeline('inc-low')).find((e) => e.action === 'waf-sync');
      expect(line).toMatchObject({ outcome: 'failed', data: { notInWaf: [low.cidr] } });
      expect(line?.detail).toContain(`NOT in WAF: ${low.cidr} (every IP set is full)`);
      expect(world.topic.pages()).toHaveLength(before + 1);
      // IPv6 has room: unaffected.
      await syncWaf([block(v6(1), 'inc-low')], world.deps);
      expect(inSet(world, 6, 0)).toEqual([v6(1)]);
    }, 60_000);
  });

  it("records one incident's 10,000 approved blocks in parts: no timeline item exceeds DynamoDB's 400 KB", async () => {
    const world = await buildWorld(dynamo, { v4Sets: 1, v6Sets: 1 });
    const changes = Array.from({ length: MAX_ADDRESSES_PER_IP_SET }, (_, i) => block(v4(i), 'inc-big'));
    // Recorded as one item, this failed with ValidationException after WAF was written: redelivered, then dead-lettered.
    const report = await syncWaf(changes, world.deps);
    expect(report.writes).toEqual([
      { version: 4, shard: 0, addresses: MAX_ADDRESSES_PER_IP_SET, lockConflicts: 0 },
    ]);
    const lines = (await world.incidents.timeline('inc-big')).filter((e) => e.action === 'waf-sync');
    expect(lines.length).toBeGreaterThan(1);
    const live = lines.flatMap((e) => e.data?.live as string[]);
    expect(live).toHaveLength(MAX_ADDRESSES_PER_IP_SET);
    expect(new Set(live)).toEqual(new Set(changes.map((c) => c.cidr)));
  }, 60_000);

  it('spaces writes by the write budget so WAF never throttles', async () => {
    const thrown: string[] = [];
    const spy = (waf: LocalWaf): WafIpSets => ({
      get: (ref) => waf.get(ref),
      update: async (ref, addresses, token) => {
        try {
          return await waf.update(ref, addresses, token);
        } catch (error) {
          thrown.push((error as Error).name);
          throw error;
        }
      },
    });
    const world = await buildWorld(dynamo, { v4Sets: 2, v6Sets: 1, wafWritesPerSecond: 1, wrapWaf: spy });
    // A console user left an allow-listed or private address in every set: the writer must clean all three.
    for (const [ref, stray] of [
      [world.ipSets[4][0], '192.0.2.10/32'],
      [world.ipSets[4][1], '10.1.2.3/32'],
      [world.ipSets[6][0], '2001:db8:100::5/128'],
    ] as const) {
      if (!ref) throw new Error('missing IP set');
      await world.waf.update(ref, [stray], (await world.waf.get(ref)).lockToken);
      await world.timer.sleep(1000);
    }
    const start = world.timer.now();
    const report = await syncWaf(
      [block('203.0.113.7/32', 'inc-a'), block('2600:1f18::7/128', 'inc-a')],
      world.deps,
    );
    expect(report.writes.map((w) => [w.version, w.shard])).toEqual([
      [4, 0],
      [4, 1],
      [6, 0],
    ]);
    expect(report.refused.map((r) => r.cidr).sort()).toEqual([
      '10.1.2.3/32',
      '192.0.2.10/32',
      '2001:db8:100::5/128',
    ]);
    expect(world.live()).toEqual(['203.0.113.7/32', '2600:1f18::7/128']);
    expect(world.timer.now() - start).toBeGreaterThanOrEqual(2000);
    expect(thrown).toEqual([]);
  });
});
