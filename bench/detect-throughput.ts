// Detection throughput: a generated day of sign-in records — Windows Security events as NXLog ships them to
// CloudWatch Logs (cloned from the real Mordor sample, full Message text included) and an application's own
// JSON lines — with a password spray, a brute force and credential stuffing mixed in. They arrive as
// CloudWatch Logs deliveries of 10,000 records; each goes through parse + normalize (parseAuthLog), and the
// whole day through the detectors, on one core. The same deliveries through JSON.parse alone, line by line,
// are the ceiling, in the same run. Target: detection at least half as fast as parsing alone.
import { readFileSync } from 'node:fs';
import type { AuthEvent } from '../lambdas/core/auth-event.ts';
import { detect } from '../lambdas/core/detect/index.ts';
import { DEFAULT_DETECTION } from '../lambdas/core/detect/thresholds.ts';
import { parseAuthLog } from '../lambdas/core/ingest/index.ts';
import { round, table } from './stats.ts';

const RECORDS = Number(process.env.RECORDS ?? 200_000);
/** One in this many records is a Windows event (about 3.9 KB each); the rest are app lines (about 120 B). */
const WINDOWS_EVERY = 4;
const PER_DELIVERY = 10_000;
/** Runs of each, interleaved so both see the same machine load; the best of each counts. */
const RUNS = 5;

const sample = readFileSync(new URL('../test/fixtures/security-auth-subset.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Record<string, unknown>);
const success = sample.find((r) => r.EventID === 4624 && r.IpAddress !== '-') as Record<string, unknown>;
const failure = sample.find((r) => r.EventID === 4625) as Record<string, unknown>;

const START = Date.parse('2026-11-20T00:00:00Z');
const DAY = 24 * 3600 * 1000;
const HOUR = 3600 * 1000;
const USERS = 5_000;
const office = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
const home = (n: number) => `198.18.${(n >> 8) & 255}.${n & 255}`;

function windows(template: Record<string, unknown>, at: number, fields: Record<string, unknown>): string {
  const time = new Date(at).toISOString();
  return JSON.stringify({
    ...template,
    '@timestamp': time,
    EventTime: time.replace('T', ' ').slice(0, 19),
    ...fields,
  });
}
function app(at: number, user: string, outcome: string, ip: string, reason?: string): string {
  return JSON.stringify({
    time: new Date(at).toISOString(),
    user,
    outcome,
    ip,
    app: 'shop',
    ...(reason ? { reason } : {}),
  });
}

/** Record i of the day: people signing in (one in 50 mistypes once), and the three attacks at their hours. */
function record(i: number): string {
  const at = START + Math.floor((i / RECORDS) * DAY);
  const user = `user${(i * 7919) % USERS}`;
  const inHour = (h: number, minutes = 60) =>
    at >= START + h * HOUR && at < START + h * HOUR + minutes * 60_000;
  if (i % WINDOWS_EVERY === 0) {
    // The spray: one workstation with no address against many accounts, 08:00–09:00.
    if (i % 400 === 0 && inHour(8))
      return windows(failure, at, { TargetUserName: user, WorkstationName: 'WORKSTATION66', IpAddress: '-' });
    // The brute force: one account over RDP from outside, 14:00–14:20.
    if (i % 96 === 0 && inHour(14, 20))
      return windows(failure, at, {
        TargetUserName: 'administrator',
        WorkstationName: 'KALI',
        IpAddress: '203.0.113.66',
        LogonType: '10',
      });
    const fields = { TargetUserName: user, IpAddress: office(i % 65_000), WorkstationName: `PC${i % 900}` };
    return windows(i % 200 === 0 ? failure : success, at, fields);
  }
  // Credential stuffing: one address through a breached list, 03:00–03:05.
  if (i % 7 === 1 && inHour(3, 5))
    return app(at, `leaked${i}@mail.example`, 'failure', '203.0.113.7', 'unknown-user');
  return i % 50 === 1
    ? app(at, user, 'failure', home(i % 60_000), 'wrong-password')
    : app(at, user, 'success', home(i % 60_000));
}

process.stderr.write(`generating ${RECORDS} records…\n`);
const deliveries: string[] = [];
for (let first = 0; first < RECORDS; first += PER_DELIVERY) {
  const lines: string[] = [];
  for (let i = first; i < Math.min(RECORDS, first + PER_DELIVERY); i++) lines.push(record(i));
  deliveries.push(lines.join('\n'));
}
const megabytes = deliveries.reduce((n, d) => n + Buffer.byteLength(d), 0) / 1e6;

function timed<T>(work: () => T): { seconds: number; result: T } {
  const t0 = performance.now();
  const result = work();
  return { seconds: (performance.now() - t0) / 1000, result };
}

const jsonParseAlone = () => {
  let n = 0;
  for (const delivery of deliveries) for (const line of delivery.split('\n')) if (JSON.parse(line)) n++;
  return n;
};
const parseNormalizeDetect = () => {
  const events: AuthEvent[] = [];
  let rejected = 0;
  for (const delivery of deliveries) {
    const parsed = parseAuthLog(delivery);
    for (const e of parsed.events) events.push(e);
    rejected += parsed.rejected.length;
  }
  return { events: events.length, rejected, detections: detect(events, DEFAULT_DETECTION) };
};
let ceiling = timed(jsonParseAlone);
let riposte = timed(parseNormalizeDetect);
for (let run = 1; run <= RUNS; run++) {
  process.stderr.write(`run ${run}/${RUNS}…\n`);
  const c = timed(jsonParseAlone);
  if (run === 1 || c.seconds < ceiling.seconds) ceiling = c;
  const r = timed(parseNormalizeDetect);
  if (run === 1 || r.seconds < riposte.seconds) riposte = r;
}
const { events, rejected, detections } = riposte.result;
const jsonRate = RECORDS / ceiling.seconds;
const detectRate = RECORDS / riposte.seconds;
const result = {
  bench: 'detect-throughput',
  records: RECORDS,
  windowsRecords: Math.ceil(RECORDS / WINDOWS_EVERY),
  megabytes: round(megabytes),
  events,
  rejected,
  detections: detections.map(
    (d) => `${d.type} ${[...d.sourceIps, ...d.sourceHosts].join(',')} ×${d.targetedUsers.length}`,
  ),
  jsonParsePerSecond: Math.round(jsonRate),
  detectPerSecond: Math.round(detectRate),
  ratio: round(detectRate / jsonRate, 2),
  target: 0.5,
};
process.stdout.write(
  `${table([
    ['records (Windows) / MB', `${RECORDS} (${result.windowsRecords}) / ${result.megabytes}`],
    [`JSON.parse alone: records/s (best of ${RUNS})`, result.jsonParsePerSecond],
    [`parse + normalize + detect: records/s (best of ${RUNS})`, result.detectPerSecond],
    ['ratio (target ≥ 0.5)', result.ratio],
    ['events / rejected', `${events} / ${rejected}`],
    ['detections', result.detections.join('; ') || '—'],
  ])}\n${JSON.stringify(result)}\n`,
);
