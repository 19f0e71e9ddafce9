// Detection throughput: a generated day of Windows Security records (as NXLog ships them to CloudWatch Logs,
// cloned from the real Mordor sample: 4624 sign-ins, 4625 failures with their full Message text) with a
// password spray and a brute force mixed in, through parse + normalize + detect on one core; and the same
// file through JSON.parse alone, the ceiling, in the same run. Target: detection ≥ half as fast as parsing.
import { readFileSync } from 'node:fs';
import { detect } from '../lambdas/core/detect/index.ts';
import { DEFAULT_DETECTION } from '../lambdas/core/detect/thresholds.ts';
import { parseAuthLog } from '../lambdas/core/ingest/index.ts';
import { round, table } from './stats.ts';

const RECORDS = Number(process.env.RECORDS ?? 200_000);
const RUNS = 3;

const sample = readFileSync(new URL('../test/fixtures/security-auth-subset.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Record<string, unknown>);
const success = sample.find((r) => r.EventID === 4624 && r.IpAddress !== '-') as Record<string, unknown>;
const failure = sample.find((r) => r.EventID === 4625) as Record<string, unknown>;

const START = Date.parse('2026-11-20T00:00:00Z');
const DAY = 24 * 3600 * 1000;
const USERS = 5_000;
const ip = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

/** One record: an employee signing in (2% mistype once), or the attacks, at its place in the day. */
function record(i: number): string {
  const at = START + Math.floor((i / RECORDS) * DAY);
  const stamp = (r: Record<string, unknown>, fields: Record<string, unknown>) =>
    JSON.stringify({
      ...r,
      '@timestamp': new Date(at).toISOString(),
      EventTime: new Date(at).toISOString().replace('T', ' ').slice(0, 19),
      ...fields,
    });
  const user = `user${(i * 7919) % USERS}`;
  // The spray: every 400th record in one hour of the morning, one workstation against many accounts.
  if (i % 400 === 0 && at > START + 8 * 3600_000 && at < START + 9 * 3600_000) {
    return stamp(failure, { TargetUserName: user, WorkstationName: 'WORKSTATION66', IpAddress: '-' });
  }
  // The brute force: one account, every 97th record for twenty minutes, from one address.
  if (i % 97 === 0 && at > START + 14 * 3600_000 && at < START + 14 * 3600_000 + 20 * 60_000) {
    return stamp(failure, { TargetUserName: 'admin', WorkstationName: 'KALI', IpAddress: '10.66.6.6' });
  }
  if (i % 50 === 0)
    return stamp(failure, {
      TargetUserName: user,
      IpAddress: ip(i % 65_000),
      WorkstationName: `PC${i % 900}`,
    });
  return stamp(success, { TargetUserName: user, IpAddress: ip(i % 65_000), WorkstationName: `PC${i % 900}` });
}

process.stderr.write(`generating ${RECORDS} records…\n`);
const text = Array.from({ length: RECORDS }, (_, i) => record(i)).join('\n');
const megabytes = Buffer.byteLength(text) / 1e6;

function timeIt<T>(work: () => T): { seconds: number; result: T } {
  let best = Number.POSITIVE_INFINITY;
  let result: T | undefined;
  for (let run = 0; run < RUNS; run++) {
    const t0 = performance.now();
    result = work();
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return { seconds: best, result: result as T };
}

const ceiling = timeIt(() => {
  let n = 0;
  for (const line of text.split('\n')) if (JSON.parse(line)) n++;
  return n;
});
const riposte = timeIt(() => {
  const parsed = parseAuthLog(text);
  return { parsed, detections: detect(parsed.events, DEFAULT_DETECTION) };
});
const { parsed, detections } = riposte.result;
const jsonRate = RECORDS / ceiling.seconds;
const detectRate = RECORDS / riposte.seconds;
const result = {
  bench: 'detect-throughput',
  records: RECORDS,
  megabytes: round(megabytes),
  events: parsed.events.length,
  rejected: parsed.rejected.length,
  detections: detections.map(
    (d) => `${d.type}:${[...d.sourceIps, ...d.sourceHosts].join(',')}:${d.targetedUsers.length}`,
  ),
  jsonParsePerSecond: Math.round(jsonRate),
  detectPerSecond: Math.round(detectRate),
  ratio: round(detectRate / jsonRate, 2),
  target: 0.5,
};
process.stdout.write(
  `${table([
    ['records (MB)', `${RECORDS} (${round(megabytes)})`],
    ['JSON.parse alone: records/s (best of 3)', result.jsonParsePerSecond],
    ['parse + normalize + detect: records/s (best of 3)', result.detectPerSecond],
    ['ratio (target ≥ 0.5)', result.ratio],
    ['events normalized / rejected', `${result.events} / ${result.rejected}`],
    ['detections', result.detections.join('; ') || '—'],
  ])}\n${JSON.stringify(result)}\n`,
);
