// A botnet burst: 50,000 distinct attacker addresses (10% IPv6) arrive as 50,000 separate block requests, as
// the block steps of 50,000 alerts would send them, and go through the block handler, the change queue, the
// single WAF writer, the blocklist table on dynalite and the local WAF (lock tokens, one write per second).
// Then the naive strategy, one read-modify-write of an IP set per request, in the same run.
//
// Time is virtual: the local WAF admits one write per virtual second and waiting for it costs no real time;
// all other work (handlers, DynamoDB, the writer's planning) counts as it really elapses.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LocalWaf } from '../lambdas/adapters/waf/local.ts';
import type { IpSetRef } from '../lambdas/adapters/waf/port.ts';
import { parseCidr } from '../lambdas/core/cidr.ts';
import { resourcesOfType } from '../lib/local/cloudformation.ts';
import { loadConfig } from '../lib/local/config-source.ts';
import { LocalRuntime, VirtualTimer } from '../lib/local/runtime.ts';
import { round, table } from './stats.ts';

const ADDRESSES = 50_000;
/** Requests handed to the block handler before the event loop gets a turn (poller, writer, dynalite). */
const CHUNK = 250;
/** The naive strategy costs one real IP-set update per request: measured on a sample, extrapolated. */
const NAIVE_SAMPLE = 2_000;

// ---------------------------------------------------------------------------------------------------------
// Attacker addresses: distinct, public, none in the allow-list (192.0.2.0/24, 2001:db8:100::/48).

const V4_FIRST_OCTETS = [45, 91, 185, 77, 109];
const V6_PREFIXES = ['2a00', '2a01', '2a02', '2a03', '2a05'];
/** Odd multiplier: a bijection on 32-bit integers, so distinct inputs give distinct, scattered outputs. */
const scatter = (n: number) => Math.imul(n, 0x9e3779b1) >>> 0;

function attacker(i: number): string {
  if (i % 10 === 9) {
    const k = Math.floor(i / 10);
    const h = scatter(Math.floor(k / V6_PREFIXES.length));
    const groups = [h >>> 16, h & 0xffff].map((g) => g.toString(16)).join(':');
    return `${V6_PREFIXES[k % V6_PREFIXES.length]}:${groups}::${((k % 0xfffe) + 1).toString(16)}`;
  }
  const k = i - Math.floor(i / 10);
  const h = scatter(Math.floor(k / V4_FIRST_OCTETS.length)) & 0xffffff;
  return `${V4_FIRST_OCTETS[k % V4_FIRST_OCTETS.length]}.${h >>> 16}.${(h >>> 8) & 0xff}.${h & 0xff}`;
}

const sources = Array.from({ length: ADDRESSES }, (_, i) => attacker(i));
const expected = sources.map((s) => parseCidr(s).cidr);
if (new Set(expected).size !== ADDRESSES) throw new Error('the generated addresses are not distinct');
const v6Count = expected.filter((c) => c.includes(':')).length;

function blockRequest(i: number) {
  return {
    incidentId: `INC-bench-${i}`,
    alert: {
      alertId: `bench-burst-${i}`,
      origin: 'riposte.detection',
      type: 'credential-stuffing',
      playbook: 'credential-stuffing',
      title: 'Credential stuffing from a botnet',
      severity: 50 + (i % 50),
      observedAt: new Date(Date.UTC(2026, 10, 20, 3, 0, 0, i % 1000)).toISOString(),
      sourceIps: [sources[i]],
      targetedUsers: [`user${i % 1000}`],
      compromisedUsers: [],
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Peak memory, sampled.

const peak = { rss: 0, heap: 0 };
const sampleMemory = () => {
  const m = process.memoryUsage();
  peak.rss = Math.max(peak.rss, m.rss);
  peak.heap = Math.max(peak.heap, m.heapUsed);
};
const sampler = setInterval(sampleMemory, 100);
sampler.unref();
const mb = (bytes: number) => round(bytes / 2 ** 20);
const tick = (ms = 0) =>
  new Promise<void>((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));

// ---------------------------------------------------------------------------------------------------------
// riposte: block handler → change queue → event source mapping (batch size, window) → WAF writer.

const stateDir = mkdtempSync(path.join(tmpdir(), 'riposte-bench-burst-'));
const runtime = await LocalRuntime.start({ stateDir, config: loadConfig(), inMemory: true });
const waf = runtime.adapters.waf;
const queue = runtime.adapters.changes;
const now = waf.now; // the runtime's virtual clock
const mapping = resourcesOfType(runtime.template, 'AWS::Lambda::EventSourceMapping')[0]?.properties ?? {};
const batchSize = Number(mapping.BatchSize ?? 10);
const windowMs = Number(mapping.MaximumBatchingWindowInSeconds ?? 0) * 1000;
const refs: IpSetRef[] = [...runtime.deps.ipSets[4], ...runtime.deps.ipSets[6]];
const liveCount = () => refs.reduce((n, ref) => n + waf.addresses(ref).length, 0);
sampleMemory();
const rssAtStart = process.memoryUsage().rss; // the synthesized stack, dynalite, the stand-ins
const writesBefore = waf.writes;
const conflictsBefore = waf.conflicts;

process.stderr.write(
  `  ${ADDRESSES} addresses (${v6Count} IPv6); writer batches of ${batchSize}, window ${windowMs} ms; ` +
    `${runtime.deps.ipSets[4].length} IPv4 + ${runtime.deps.ipSets[6].length} IPv6 IP sets\n`,
);

let producing = true;
let refusedRequests = 0;
const batches: { size: number; liveAt: number; doneAt: number; writes: number }[] = [];
let allLiveAt: number | undefined;
let allRecordedAt = 0;
const wallStart = performance.now();
const t0 = now();

// The window starts when the poller holds a first message: at a send into an empty queue, or when it
// hands a batch to the writer and messages remain (it gathers the next batch while the writer runs).
let windowStart: number | undefined;
queue.onSend = () => {
  windowStart ??= now();
};

async function producer() {
  for (let from = 0; from < ADDRESSES; from += CHUNK) {
    const results = await Promise.all(
      Array.from({ length: Math.min(CHUNK, ADDRESSES - from) }, (_, j) =>
        runtime.invokeHandler('block-ips', blockRequest(from + j)),
      ),
    );
    refusedRequests += results.filter((r) => (r as { blocked: string[] }).blocked.length !== 1).length;
    if ((from + CHUNK) % 10_000 === 0)
      process.stderr.write(
        `  ${from + CHUNK} requests sent at ${round((now() - t0) / 1000)} s (queue ${queue.depth})\n`,
      );
    await tick();
  }
  producing = false;
}

async function poller() {
  while (producing || queue.depth > 0) {
    if (queue.depth === 0 || windowStart === undefined) {
      await tick(1);
      continue;
    }
    const full = queue.depth >= batchSize;
    const waited = now() - windowStart;
    if (!full && waited < windowMs) {
      // Nothing else can happen once the burst is over: wait out the window on the virtual clock.
      if (producing) await tick(1);
      else await runtime.deps.sleep(windowMs - waited);
      continue;
    }
    const messages = queue.take(batchSize);
    windowStart = queue.depth > 0 ? now() : undefined;
    const event = {
      Records: messages.map((m) => ({ messageId: m.messageId, body: m.body, eventSource: 'aws:sqs' })),
    };
    const writes = waf.writes;
    const report = (await runtime.invokeHandler('sync-waf', event)) as { liveAt: string };
    // The writer stamps liveAt (on the runtime's real clock) right after its last IP-set write, before it
    // records the outcome on the incidents; its timeline writes use no virtual time, so the offset holds.
    const liveAt = Date.parse(report.liveAt) + (now() - Date.now()) - t0;
    batches.push({ size: messages.length, liveAt, doneAt: now() - t0, writes: waf.writes - writes });
    process.stderr.write(
      `  writer: batch of ${messages.length}, ${waf.writes - writes} WAF write(s), live at ` +
        `${round(liveAt / 1000)} s, recorded at ${round((now() - t0) / 1000)} s\n`,
    );
    if (allLiveAt === undefined && liveCount() >= ADDRESSES) {
      allLiveAt = liveAt;
      allRecordedAt = now() - t0;
    }
  }
}

await Promise.all([producer(), poller()]);
const wallRiposte = (performance.now() - wallStart) / 1000;
sampleMemory();
const live = runtime.liveAddresses();
const wanted = [...expected].sort();
const exact = live.length === wanted.length && live.every((a, i) => a === wanted[i]);
if (!exact || allLiveAt === undefined || refusedRequests > 0) {
  throw new Error(
    `not every address went live: ${live.length}/${ADDRESSES} in WAF, exact=${exact}, ` +
      `${refusedRequests} request(s) not queued`,
  );
}
const riposte = {
  seconds: allLiveAt / 1000,
  recordedSeconds: allRecordedAt / 1000,
  writes: waf.writes - writesBefore,
  conflicts: waf.conflicts - conflictsBefore,
  peakRssMb: mb(peak.rss),
  peakHeapMb: mb(peak.heap),
};
clearInterval(sampler);
await runtime.close();
rmSync(stateDir, { recursive: true, force: true });

// ---------------------------------------------------------------------------------------------------------
// The naive strategy: each request reads its IP set, adds its one address and writes the set back with the
// lock token, waiting for the next one-second window when throttled. Sequential, so it never collides with
// itself: the lower bound (concurrent block steps would add lock conflicts on top).
// Measured on an evenly spaced sample of the burst, each address in the IP set it holds in the full run.

const config = loadConfig();
const naiveTimer = new VirtualTimer();
const naiveWaf = new LocalWaf({ writesPerSecond: config.waf.writesPerSecond, now: naiveTimer.now });
const naiveSets = {
  4: Array.from({ length: config.waf.ipSetsV4 }, (_, s) =>
    naiveWaf.createIpSet(`naive-v4-${s}`, 4, 'REGIONAL'),
  ),
  6: Array.from({ length: config.waf.ipSetsV6 }, (_, s) =>
    naiveWaf.createIpSet(`naive-v6-${s}`, 6, 'REGIONAL'),
  ),
};
// Every 25th address of each family, in arrival order: the sample keeps the burst's IPv4/IPv6 mix.
const stride = ADDRESSES / NAIVE_SAMPLE;
const seen = { 4: 0, 6: 0 };
const sample = expected.flatMap((cidr) => {
  const version = cidr.includes(':') ? 6 : 4;
  const rank = seen[version]++;
  const set = naiveSets[version][Math.floor(rank / 10_000)] as IpSetRef;
  return rank % stride === 0 ? [{ cidr, set }] : [];
});
if (sample.length !== NAIVE_SAMPLE) throw new Error(`naive sample holds ${sample.length} requests`);
const naiveWallStart = performance.now();
const n0 = naiveTimer.now();
let naiveConflicts = 0;
const doneAt: number[] = [];
for (const { cidr, set } of sample) {
  for (;;) {
    try {
      const { addresses, lockToken } = await naiveWaf.get(set);
      await naiveWaf.update(set, [...addresses, cidr], lockToken);
      break;
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'WAFOptimisticLockException') naiveConflicts++;
      else if (name !== 'ThrottlingException') throw error;
      await naiveTimer.sleep(1000 - (naiveTimer.now() % 1000));
    }
  }
  doneAt.push((naiveTimer.now() - n0) / 1000);
}
const naiveMeasured = doneAt.at(-1) ?? 0;
const naiveWall = (performance.now() - naiveWallStart) / 1000;
// Linear in the number of requests: the first one, then the steady rate of the others, up to 50,000.
const first = doneAt[0] ?? 0;
const perRequest = (naiveMeasured - first) / (NAIVE_SAMPLE - 1);
const scale = ADDRESSES / NAIVE_SAMPLE;
const naive = {
  seconds: first + perRequest * (ADDRESSES - 1),
  writes: Math.round(naiveWaf.writes * scale),
  conflicts: Math.round(naiveConflicts * scale),
};

// ---------------------------------------------------------------------------------------------------------

const wallSeconds = performance.now() / 1000;
const result = {
  bench: 'botnet-burst',
  addresses: ADDRESSES,
  secondsToAllBlocked: round(riposte.seconds),
  wafWrites: riposte.writes,
  naiveSecondsToAllBlocked: Math.round(naive.seconds),
  naiveWafWrites: naive.writes,
  naiveMeasuredOn: NAIVE_SAMPLE,
  secondsToAllRecorded: round(riposte.recordedSeconds),
  lockConflicts: riposte.conflicts,
  writerBatches: batches.length,
  peakRssMb: riposte.peakRssMb,
  peakHeapMb: riposte.peakHeapMb,
  wallSeconds: round(wallSeconds),
};
const hours = (s: number) => `${Math.round(s)} s (${round(s / 3600)} h)`;
process.stdout.write(
  `${table([
    ['addresses (IPv6)', `${ADDRESSES} (${v6Count})`],
    ['riposte: first request → all live in WAF (virtual s)', result.secondsToAllBlocked],
    ['riposte: … and recorded on every incident (virtual s)', result.secondsToAllRecorded],
    ['riposte: WAF writes', result.wafWrites],
    ['riposte: lock conflicts', result.lockConflicts],
    ['riposte: writer batches (sizes)', `${batches.length} (${batches.map((b) => b.size).join(', ')})`],
    ['riposte: wall time of the burst (s)', round(wallRiposte)],
    ['peak RSS / heap (MB)', `${result.peakRssMb} / ${result.peakHeapMb}`],
    ['RSS before the burst (MB): synthesized stack, dynalite', mb(rssAtStart)],
    [`naive (measured on ${NAIVE_SAMPLE}, extrapolated): all live (virtual)`, hours(naive.seconds)],
    [`naive (measured on ${NAIVE_SAMPLE}, extrapolated): WAF writes`, naive.writes],
    ['naive: lock conflicts (sequential, so none)', naive.conflicts],
    [
      `naive (measured on ${NAIVE_SAMPLE}): virtual s / wall s`,
      `${round(naiveMeasured)} / ${round(naiveWall)}`,
    ],
    ['wall time of the run (s)', result.wallSeconds],
    ['targets', 'all live ≤ 30 s virtual, ≤ 60 WAF writes, run ≤ 60 s wall'],
  ])}\n${JSON.stringify(result)}\n`,
);
