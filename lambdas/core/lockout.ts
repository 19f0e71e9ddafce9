import type { AuthActivity, AuthEvent, FailureReason } from './auth-event.ts';
import { nonPublicRange, parseCidr } from './cidr.ts';

/**
 * The account-lockout investigation: which machines' failed sign-ins locked the accounts out, and is each one
 * an attacker or a machine of ours still using an old password (a service, scheduled task, mapped drive or
 * phone)? The second needs its owner told, not the user's password reset. Failures are taken from the whole
 * window, after the lockouts too: a stale service keeps retrying against the locked account.
 */

export type LockoutVerdict = 'stale-credentials' | 'attacker' | 'unclear';

export interface Lockout {
  time: number;
  account: string;
  /** The caller the lockout names: the computer (4740 TargetDomainName) or the address; matches LockoutCaller.caller. */
  caller?: string;
  /** The system that reported the lockout, e.g. the domain controller. */
  reportedBy?: string;
}

export interface Cadence {
  /** Median time between attempts (failures less than ATTEMPT_GAP_MS apart count as one attempt). */
  medianIntervalMs: number;
  /** Share of intervals within 20 % of the median: 1 for a steady period, low when attempts scatter. */
  regularity: number;
  regular: boolean;
}

export interface LockoutCaller {
  /** The caller's name in this report: its host name, else its address. */
  caller: string;
  sourceHosts: string[];
  sourceIps: string[];
  /** No public address: private IPs or a host name only. */
  internal: boolean;
  accounts: string[];
  lockouts: number;
  failures: number;
  firstFailure?: number;
  lastFailure?: number;
  cadence?: Cadence;
  /** Status codes of the failures (0xc000006a, 0x18 …), else their failure reasons. */
  failureCodes: string[];
  failureReasons: FailureReason[];
  processes: string[];
  /** The latest password change of one of its accounts before its first failure. */
  passwordChangedBefore?: { account: string; time: number };
  verdict: LockoutVerdict;
  reasons: string[];
}

export interface LockoutAnalysis {
  account?: string;
  window: { start: number; end: number };
  lockouts: Lockout[];
  callers: LockoutCaller[];
  verdict: LockoutVerdict;
  reasons: string[];
}

export interface LockoutOptions {
  /** Only this account (matched lowercased, without domain); all accounts when absent. */
  account?: string;
  /** Epoch milliseconds; all the events given when absent. */
  window?: { start: number; end: number };
}

/** Failures closer than this are one attempt (a single retry writes 4771, 4776 and 4625 together). */
const ATTEMPT_GAP_MS = 2_000;
/** An interval is on the beat when within this share of the median… */
const STEADY_TOLERANCE = 0.2;
/** …and a cadence is regular when this share of its intervals is (one missed retry does not break it). */
const STEADY_SHARE = 0.8;
/** Intervals needed before a cadence is judged regular. */
const MIN_INTERVALS = 3;
/** A caller trying this many accounts is guessing, not replaying one saved password. */
const MANY_ACCOUNTS = 3;
/** How long before the first failure a password change still explains it. */
const PASSWORD_CHANGE_LOOKBACK_MS = 7 * 24 * 3_600_000;

/** Callers are listed attackers first. */
const SEVERITY: Readonly<Record<LockoutVerdict, number>> = {
  attacker: 2,
  unclear: 1,
  'stale-credentials': 0,
};

const SIGN_IN: ReadonlySet<AuthActivity> = new Set([
  'logon',
  'authentication-ticket',
  'credential-validation',
]);

export function analyzeLockouts(events: AuthEvent[], opts: LockoutOptions = {}): LockoutAnalysis {
  const account = opts.account === undefined ? undefined : bareAccount(opts.account);
  const w = opts.window;
  const inWindow = w ? events.filter((e) => e.time >= w.start && e.time <= w.end) : events;
  const window = w ?? spanOf(inWindow);
  const lockouts: Lockout[] = inWindow
    .filter((e) => e.activity === 'lockout' && (account === undefined || e.user === account))
    .sort((a, b) => a.time - b.time)
    .map((e) => lockoutOf(e));
  const failures = inWindow.filter((e) => e.outcome === 'failure' && SIGN_IN.has(e.activity));
  const hostOfIp = hostsByAddress(inWindow);
  const groups = new Map<string, AuthEvent[]>();
  for (const e of failures) {
    const key = callerKey(e, hostOfIp);
    const group = groups.get(key);
    if (group) group.push(e);
    else groups.set(key, [e]);
  }
  // A caller a lockout names is reported even when none of its failures are in the logs.
  for (const l of lockouts) if (l.caller && !groups.has(l.caller)) groups.set(l.caller, []);
  // Searched outside the window too: the change that explains the failures usually comes well before them.
  const passwordChanges = events.filter((e) => e.activity === 'password-change' && e.outcome !== 'failure');
  const callers: LockoutCaller[] = [];
  for (const [key, group] of groups) {
    const locked = lockouts.filter((l) => l.caller === key).length;
    // For one account: the callers that failed against it or that its lockouts name, with all they touched.
    if (account !== undefined && locked === 0 && !group.some((e) => e.user === account)) continue;
    callers.push(judge(describeCaller(key, group, locked, passwordChanges)));
  }
  callers.sort(
    (a, b) =>
      SEVERITY[b.verdict] - SEVERITY[a.verdict] ||
      b.failures - a.failures ||
      a.caller.localeCompare(b.caller),
  );
  return { ...(account ? { account } : {}), window, lockouts, callers, ...overall(callers, lockouts) };
}

function bareAccount(name: string): string {
  const lower = name.toLowerCase();
  return lower.slice(lower.indexOf('\\') + 1).replace(/@.*$/, '');
}

function spanOf(events: AuthEvent[]): { start: number; end: number } {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const e of events) {
    if (e.time < start) start = e.time;
    if (e.time > end) end = e.time;
  }
  return events.length ? { start, end } : { start: 0, end: 0 };
}

function lockoutOf(e: AuthEvent): Lockout {
  const l: Lockout = { time: e.time, account: e.user };
  const caller = e.sourceHost ?? e.sourceIp;
  if (caller) l.caller = caller;
  if (e.destination) l.reportedBy = e.destination;
  return l;
}

/** Addresses seen together with a host name, so a Kerberos failure (address only) joins its host's group. */
function hostsByAddress(events: AuthEvent[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const e of events)
    if (e.sourceIp && e.sourceHost && e.activity !== 'lockout') map.set(e.sourceIp, e.sourceHost);
  return map;
}

function callerKey(e: AuthEvent, hostOfIp: Map<string, string>): string {
  return e.sourceHost ?? (e.sourceIp ? (hostOfIp.get(e.sourceIp) ?? e.sourceIp) : 'unknown caller');
}

type Description = Omit<LockoutCaller, 'verdict' | 'reasons'>;

function describeCaller(
  key: string,
  group: AuthEvent[],
  lockouts: number,
  passwordChanges: AuthEvent[],
): Description {
  const times = group.map((e) => e.time).sort((a, b) => a - b);
  const accounts = distinct(group.map((e) => e.user));
  const ips = distinct(group.flatMap((e) => (e.sourceIp ? [e.sourceIp] : [])));
  const hosts = distinct(group.flatMap((e) => (e.sourceHost ? [e.sourceHost] : [])));
  if (group.length === 0 || (hosts.length === 0 && ips.length === 0)) hosts.push(key);
  const first = times[0];
  const d: Description = {
    caller: key,
    sourceHosts: hosts,
    sourceIps: ips,
    internal: ips.every((ip) => !isPublic(ip)),
    accounts,
    lockouts,
    failures: group.length,
    failureCodes: distinct(group.flatMap((e) => e.statusCode ?? e.failureReason ?? [])),
    failureReasons: distinct(group.flatMap((e) => e.failureReason ?? [])),
    processes: distinct(group.flatMap((e) => (e.process ? [e.process] : []))),
  };
  if (first !== undefined) {
    d.firstFailure = first;
    d.lastFailure = times[times.length - 1];
    const cadence = cadenceOf(times);
    if (cadence) d.cadence = cadence;
    const change = passwordChanges
      .filter(
        (c) => accounts.includes(c.user) && c.time <= first && first - c.time <= PASSWORD_CHANGE_LOOKBACK_MS,
      )
      .sort((a, b) => b.time - a.time)[0];
    if (change) d.passwordChangedBefore = { account: change.user, time: change.time };
  }
  return d;
}

/** Attempts (bursts merged), their intervals, the median and how tightly the intervals hold to it. */
export function cadenceOf(sortedTimes: number[]): Cadence | undefined {
  const attempts: number[] = [];
  for (const t of sortedTimes) {
    const last = attempts[attempts.length - 1];
    if (last === undefined || t - last >= ATTEMPT_GAP_MS) attempts.push(t);
  }
  if (attempts.length < 3) return undefined;
  const intervals = attempts.slice(1).map((t, i) => t - (attempts[i] as number));
  const med = median(intervals);
  const steady =
    intervals.filter((i) => Math.abs(i - med) <= med * STEADY_TOLERANCE).length / intervals.length;
  return {
    medianIntervalMs: med,
    regularity: Math.round(steady * 100) / 100,
    regular: intervals.length >= MIN_INTERVALS && steady >= STEADY_SHARE,
  };
}

function judge(d: Description): LockoutCaller {
  const stale: string[] = [];
  const attack: string[] = [];
  const where = d.internal
    ? d.sourceIps.length
      ? `internal address ${d.sourceIps.join(', ')}`
      : 'a host name only, no public address'
    : `public address ${d.sourceIps.filter(isPublic).join(', ')}`;
  (d.internal ? stale : attack).push(`comes from ${where}`);
  if (d.accounts.length >= MANY_ACCOUNTS)
    attack.push(`tried ${d.accounts.length} accounts: ${d.accounts.join(', ')}`);
  else if (d.accounts.length === 1) stale.push(`only ever tried ${d.accounts[0]}`);
  if (d.failureReasons.includes('unknown-user')) {
    attack.push('tried accounts that do not exist');
  }
  if (d.cadence?.regular) {
    stale.push(
      `retries every ${duration(d.cadence.medianIntervalMs)} like clockwork (regularity ${d.cadence.regularity})`,
    );
  } else if (d.cadence) {
    attack.push(
      `irregular attempts (median ${duration(d.cadence.medianIntervalMs)}, regularity ${d.cadence.regularity})`,
    );
  }
  if (d.passwordChangedBefore) {
    stale.push(
      `started ${duration((d.firstFailure ?? 0) - d.passwordChangedBefore.time)} after ${d.passwordChangedBefore.account}'s password change`,
    );
  }
  if (d.processes.length) stale.push(`signs in with process ${d.processes.join(', ')}`);
  const irregular = d.cadence !== undefined && !d.cadence.regular;
  const verdict: LockoutVerdict =
    d.accounts.length >= MANY_ACCOUNTS || (!d.internal && irregular)
      ? 'attacker'
      : d.internal && d.accounts.length === 1 && (d.cadence?.regular || d.passwordChangedBefore)
        ? 'stale-credentials'
        : 'unclear';
  if (verdict === 'attacker' && d.internal) {
    attack.push('an internal machine: investigate or isolate it, its address is not one to block in WAF');
  }
  const reasons =
    verdict === 'attacker'
      ? attack
      : verdict === 'stale-credentials'
        ? stale
        : [...stale, ...attack, 'not enough to tell'];
  if (d.failures === 0)
    reasons.push(`named as caller by ${d.lockouts} lockout(s) but no failed sign-in from it in the window`);
  return { ...d, verdict, reasons };
}

function overall(
  callers: LockoutCaller[],
  lockouts: Lockout[],
): { verdict: LockoutVerdict; reasons: string[] } {
  const attackers = callers.filter((c) => c.verdict === 'attacker');
  if (attackers.length) {
    return { verdict: 'attacker', reasons: attackers.map((c) => `${c.caller}: ${c.reasons.join('; ')}`) };
  }
  const active = callers.filter((c) => c.failures > 0);
  if (active.length && active.every((c) => c.verdict === 'stale-credentials')) {
    return {
      verdict: 'stale-credentials',
      reasons: active.map(
        (c) => `${c.caller} still uses an old password for ${c.accounts.join(', ')}: ${c.reasons.join('; ')}`,
      ),
    };
  }
  if (!active.length) {
    return {
      verdict: 'unclear',
      reasons: [
        lockouts.length ? 'no failed sign-ins found before the lockouts' : 'no lockouts or failed sign-ins',
      ],
    };
  }
  return {
    verdict: 'unclear',
    reasons: active.filter((c) => c.verdict === 'unclear').map((c) => `${c.caller}: ${c.reasons.join('; ')}`),
  };
}

function isPublic(ip: string): boolean {
  try {
    return nonPublicRange(parseCidr(ip)) === undefined;
  } catch {
    return true;
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function distinct<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function duration(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  if (ms < 2 * 86_400_000) return `${Math.round((ms / 3_600_000) * 10) / 10} h`;
  return `${Math.round(ms / 86_400_000)} days`;
}
