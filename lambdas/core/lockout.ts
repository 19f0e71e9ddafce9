import type { AuthActivity, AuthEvent, FailureReason } from './auth-event.ts';
import { nonPublicRange, parseCidr } from './cidr.ts';
import { relayRole, type SourceKind, sourceKind } from './lockout-sources.ts';

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

/**
 * A caller computer a lockout names that only forwarded the sign-ins: a front-end server (Exchange OWA /
 * ActiveSync in IIS, AD FS, RD Gateway, NPS) that logged the failures (4625) with the real clients' addresses.
 * It is named as the relay and never judged, blocked or reset: the sources behind it are.
 */
export interface Relay {
  computer: string;
  role: string;
  processes: string[];
  lockouts: number;
  accounts: string[];
  /** The real sources behind it (their `caller` names). */
  sources: string[];
  /** Failures the domain controller saw from the relay itself (4776, 4771, 4625 naming it): forwarded ones. */
  forwarded: number;
}

export interface LockoutCaller {
  /** The caller's name in this report: its host name, else its address. */
  caller: string;
  /** The relay the lockouts name when this source signed in through it. */
  via?: string;
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
  logonTypes: number[];
  /** Median failures of one retry run (a service retrying 3 times a second apart at every run: 3). */
  retriesPerRun?: number;
  /** Another sign-in of its one account that succeeded from elsewhere in the window: the owner is fine. */
  ownerSignedInElsewhere?: { account: string; from: string; time: number };
  kind: SourceKind;
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
  relays: Relay[];
  verdict: LockoutVerdict;
  reasons: string[];
}

export interface LockoutOptions {
  /** Only this account (matched lowercased, without domain); all accounts when absent. */
  account?: string;
  /** Epoch milliseconds; all the events given when absent. */
  window?: { start: number; end: number };
}

/**
 * Failures each closer than this to the previous one are one run: a single retry writes 4771, 4776 and 4625
 * together, and a service retries a few times a second apart at every run.
 */
const RUN_GAP_MS = 5_000;
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
  const named = new Set(lockouts.flatMap((l) => (l.caller ? [l.caller] : [])));
  const hostOfIp = hostsByAddress(inWindow);
  const clientOf = (e: AuthEvent) => remoteClient(e, hostOfIp);
  const { groups, via, forwarded, relayNames } = bySource(failures, named, hostOfIp, clientOf);
  mergeSameTries(groups, named);
  mergeByLockedAccounts(groups, lockouts);
  // A caller a lockout names is reported even when none of its failures are in the logs (unless it relayed).
  for (const l of lockouts)
    if (l.caller && !relayNames.has(l.caller) && !groups.has(l.caller)) groups.set(l.caller, []);
  // Searched outside the window too: the change that explains the failures usually comes well before them.
  const passwordChanges = events.filter((e) => e.activity === 'password-change' && e.outcome !== 'failure');
  const successes = inWindow.filter((e) => e.outcome === 'success' && SIGN_IN.has(e.activity));
  const callers: LockoutCaller[] = [];
  for (const [key, group] of groups) {
    const relay = via.get(key);
    const accounts = new Set(group.map((e) => e.user));
    // Through a relay, the lockouts it names of the accounts this source tried are this source's.
    const locked = lockouts.filter(
      (l) => l.caller === key || (relay !== undefined && l.caller === relay && accounts.has(l.account)),
    ).length;
    // For one account: the callers that failed against it or that its lockouts name, with all they touched.
    if (account !== undefined && locked === 0 && !group.some((e) => e.user === account)) continue;
    const role = relay === undefined ? undefined : relayRole(processesOf(failures, relay));
    const context = { passwordChanges, successes, hostOfIp, clientOf, relay, role };
    callers.push(judge(describeCaller(key, group, locked, context)));
  }
  callers.sort(
    (a, b) =>
      SEVERITY[b.verdict] - SEVERITY[a.verdict] ||
      b.failures - a.failures ||
      a.caller.localeCompare(b.caller),
  );
  const relays = [...relayNames].sort().map((computer): Relay => {
    const behind = callers.filter((c) => c.via === computer);
    return {
      computer,
      role: relayRole(processesOf(failures, computer)),
      processes: processesOf(failures, computer),
      lockouts: lockouts.filter((l) => l.caller === computer).length,
      accounts: distinct(behind.flatMap((c) => c.accounts)).sort(),
      sources: behind.map((c) => c.caller),
      forwarded: forwarded.get(computer) ?? 0,
    };
  });
  return {
    ...(account ? { account } : {}),
    window,
    lockouts,
    callers,
    relays,
    ...overall(callers, lockouts, relays),
  };
}

/**
 * Failures grouped by their real source. A caller computer the lockouts name that logged failures of clients
 * elsewhere relayed them: those failures go to the clients (`via` the relay), and what the domain controller
 * saw from the relay itself is counted as forwarded, not as its own.
 */
function bySource(
  failures: AuthEvent[],
  named: ReadonlySet<string>,
  hostOfIp: Map<string, string>,
  clientOf: (e: AuthEvent) => string | undefined,
) {
  const relayed = (e: AuthEvent) =>
    e.reporter !== undefined && named.has(e.reporter) && clientOf(e) !== undefined;
  const relayNames = new Set(failures.filter(relayed).map((e) => e.reporter as string));
  const relayAddresses = [...hostOfIp].filter(([, host]) => relayNames.has(host));
  const groups = new Map<string, AuthEvent[]>();
  const via = new Map<string, string>();
  const forwarded = new Map<string, number>();
  for (const e of failures) {
    let key: string;
    if (relayed(e)) {
      key = clientOf(e) as string;
      via.set(key, e.reporter as string);
    } else {
      key = callerKey(e, hostOfIp);
      const relay = relayNames.has(key) ? key : relayAddresses.find(([ip]) => ip === e.sourceIp)?.[1];
      if (relay !== undefined && e.reporter !== relay) {
        forwarded.set(relay, (forwarded.get(relay) ?? 0) + 1);
        continue;
      }
    }
    const group = groups.get(key);
    if (group) group.push(e);
    else groups.set(key, [e]);
  }
  return { groups, via, forwarded, relayNames };
}

/**
 * The DC's Kerberos failures (address only) of a caller computer whose address no record tells: when nearly all
 * of an address's failures fall on the same tries (same account, within a run) as the failures a computer the
 * lockouts name wrote itself, they are that computer's.
 */
function mergeSameTries(groups: Map<string, AuthEvent[]>, named: ReadonlySet<string>): void {
  for (const [key, group] of [...groups]) {
    if (named.has(key) || group.length < MIN_INTERVALS || !isAddress(key)) continue;
    for (const host of named) {
      const own = groups.get(host);
      if (!own || own.length === 0) continue;
      const same = group.filter((e) =>
        own.some((o) => o.user === e.user && Math.abs(o.time - e.time) < RUN_GAP_MS),
      ).length;
      if (same < Math.max(MIN_INTERVALS, group.length * STEADY_SHARE)) continue;
      own.push(...group);
      groups.delete(key);
      break;
    }
  }
}

/**
 * A caller computer with no failure under its name, when the DC logged them by address only (4771, or 4625
 * without a workstation): the one internal address that failed against exactly the accounts it locked is its.
 */
function mergeByLockedAccounts(groups: Map<string, AuthEvent[]>, lockouts: Lockout[]): void {
  for (const host of new Set(lockouts.flatMap((l) => (l.caller && !isAddress(l.caller) ? [l.caller] : [])))) {
    if ((groups.get(host)?.length ?? 0) > 0) continue;
    const locked = new Set(lockouts.filter((l) => l.caller === host).map((l) => l.account));
    const candidates = [...groups].filter(
      ([key, group]) =>
        isAddress(key) &&
        !isPublic(key) &&
        group.every((e) => locked.has(e.user)) &&
        [...locked].every((a) => group.some((e) => e.user === a)),
    );
    if (candidates.length !== 1) continue;
    const [key, group] = candidates[0] as [string, AuthEvent[]];
    groups.set(host, group);
    groups.delete(key);
  }
}

function isAddress(key: string): boolean {
  return key.includes(':') || /^\d+\.\d+\.\d+\.\d+$/.test(key);
}

/**
 * The real client of a failure a computer logged for someone elsewhere: the address, when it is neither the
 * computer's own nor loopback, and the record names no other workstation (then that workstation is the source).
 */
function remoteClient(e: AuthEvent, hostOfIp: Map<string, string>): string | undefined {
  if (!e.sourceIp || isLoopback(e.sourceIp) || hostOfIp.get(e.sourceIp) === e.reporter) return undefined;
  return e.sourceHost === undefined || e.sourceHost === e.reporter ? e.sourceIp : undefined;
}

function isLoopback(ip: string): boolean {
  return ip === '::1' || ip.startsWith('127.');
}

function processesOf(failures: AuthEvent[], reporter: string): string[] {
  return distinct(failures.flatMap((e) => (e.reporter === reporter && e.process ? [e.process] : [])));
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

/**
 * Addresses seen together with a host name, so a Kerberos failure (address only) joins its host's group. Not
 * from a server's record of a client (the address there is the client's) nor from loopback.
 */
function hostsByAddress(events: AuthEvent[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const e of events) {
    if (!e.sourceIp || isLoopback(e.sourceIp) || e.activity === 'lockout') continue;
    // A computer account's own sign-in (4768/4769/4624 of APP07$) tells the computer's address.
    if (e.user.endsWith('$') && e.outcome === 'success') {
      map.set(e.sourceIp, e.user.slice(0, -1).toUpperCase());
      continue;
    }
    if (!e.sourceHost) continue;
    if (e.reporter !== undefined && e.reporter === e.sourceHost) continue;
    map.set(e.sourceIp, e.sourceHost);
  }
  return map;
}

function callerKey(e: AuthEvent, hostOfIp: Map<string, string>): string {
  return e.sourceHost ?? (e.sourceIp ? (hostOfIp.get(e.sourceIp) ?? e.sourceIp) : 'unknown caller');
}

type Description = Omit<LockoutCaller, 'verdict' | 'reasons'> & { wroteOwnRecords?: boolean };

interface CallerContext {
  passwordChanges: AuthEvent[];
  successes: AuthEvent[];
  hostOfIp: Map<string, string>;
  clientOf: (e: AuthEvent) => string | undefined;
  relay?: string;
  role?: string;
}

function describeCaller(key: string, group: AuthEvent[], lockouts: number, ctx: CallerContext): Description {
  const times = group.map((e) => e.time).sort((a, b) => a - b);
  const accounts = distinct(group.map((e) => e.user));
  const ips = distinct(group.flatMap((e) => (e.sourceIp && !isLoopback(e.sourceIp) ? [e.sourceIp] : [])));
  // Behind a relay the workstation the server wrote is the server itself: not the source's host.
  const hosts = distinct(
    group.flatMap((e) => (e.sourceHost && e.sourceHost !== ctx.relay ? [e.sourceHost] : [])),
  );
  if (group.length === 0 || (hosts.length === 0 && ips.length === 0)) hosts.push(key);
  const processes = distinct(group.flatMap((e) => (e.process ? [e.process] : [])));
  const logonTypes = distinct(group.flatMap((e) => (e.logonType === undefined ? [] : [e.logonType]))).sort();
  const first = times[0];
  const d: Description = {
    caller: key,
    ...(ctx.relay ? { via: ctx.relay } : {}),
    sourceHosts: hosts,
    sourceIps: ips,
    internal: ips.every((ip) => !isPublic(ip)),
    accounts,
    lockouts,
    failures: group.length,
    failureCodes: distinct(group.flatMap((e) => e.statusCode ?? e.failureReason ?? [])),
    failureReasons: distinct(group.flatMap((e) => e.failureReason ?? [])),
    processes,
    logonTypes,
    kind: sourceKind({ logonTypes, processes, ...(ctx.role ? { relayRole: ctx.role } : {}) }),
    wroteOwnRecords: group.some((e) => e.reporter === key),
  };
  if (first !== undefined) {
    d.firstFailure = first;
    d.lastFailure = times[times.length - 1];
    const cadence = cadenceOf(times);
    if (cadence) d.cadence = cadence;
    const retries = retriesPerRun(group);
    if (retries > 1) d.retriesPerRun = retries;
    const change = ctx.passwordChanges
      .filter(
        (c) => accounts.includes(c.user) && c.time <= first && first - c.time <= PASSWORD_CHANGE_LOOKBACK_MS,
      )
      .sort((a, b) => b.time - a.time)[0];
    if (change) d.passwordChangedBefore = { account: change.user, time: change.time };
    const only = accounts.length === 1 ? accounts[0] : undefined;
    const elsewhere = ctx.successes.find(
      (e) => e.user === only && callerKey(e, ctx.hostOfIp) !== key && ctx.clientOf(e) !== key,
    );
    if (only && elsewhere) {
      d.ownerSignedInElsewhere = {
        account: only,
        from: elsewhere.sourceHost ?? elsewhere.sourceIp ?? 'another machine',
        time: elsewhere.time,
      };
    }
  }
  return d;
}

/** Runs of failures, each closer than RUN_GAP_MS to the one before. */
function runsOf(sortedTimes: number[]): number[][] {
  const runs: number[][] = [];
  let last = Number.NEGATIVE_INFINITY;
  for (const t of sortedTimes) {
    if (t - last >= RUN_GAP_MS || runs.length === 0) runs.push([t]);
    else runs[runs.length - 1]?.push(t);
    last = t;
  }
  return runs;
}

/** Median retries per run: in each run, how often its commonest event code was written (one per retry). */
function retriesPerRun(group: AuthEvent[]): number {
  const sorted = [...group].sort((a, b) => a.time - b.time);
  const counts: number[] = [];
  let run = new Map<string, number>();
  let last = Number.NEGATIVE_INFINITY;
  for (const e of sorted) {
    if (e.time - last >= RUN_GAP_MS && run.size > 0) {
      counts.push(Math.max(...run.values()));
      run = new Map();
    }
    run.set(e.eventCode, (run.get(e.eventCode) ?? 0) + 1);
    last = e.time;
  }
  if (run.size > 0) counts.push(Math.max(...run.values()));
  return counts.length ? median(counts) : 0;
}

/** Runs (a burst of retries is one), the intervals between their starts, the median and how steady they are. */
export function cadenceOf(sortedTimes: number[]): Cadence | undefined {
  const attempts = runsOf(sortedTimes).map((run) => run[0] as number);
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
  if (d.via) stale.push(`signs in through ${d.via}, which logged its failures`);
  if (d.accounts.length >= MANY_ACCOUNTS)
    attack.push(`tried ${d.accounts.length} accounts: ${d.accounts.join(', ')}`);
  else if (d.accounts.length === 1) stale.push(`only ever tried ${d.accounts[0]}`);
  if (d.failureReasons.includes('unknown-user')) {
    attack.push('tried accounts that do not exist');
  }
  const bursts = d.retriesPerRun ? `, ${d.retriesPerRun} retries a run` : '';
  if (d.cadence?.regular) {
    stale.push(
      `retries every ${duration(d.cadence.medianIntervalMs)}${bursts} like clockwork (regularity ${d.cadence.regularity})`,
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
  if (d.ownerSignedInElsewhere) {
    stale.push(
      `${d.ownerSignedInElsewhere.account} signed in fine from ${d.ownerSignedInElsewhere.from} meanwhile`,
    );
  }
  if (d.processes.length) stale.push(`signs in with process ${d.processes.join(', ')}`);
  const irregular = d.cadence !== undefined && !d.cadence.regular;
  const oneAccount = d.accounts.length === 1;
  // From inside, a steady beat or a password change explains it; from a public (carrier, home) address the
  // owner must also be signing in fine elsewhere, or the password have just changed: a phone's mail app.
  const explained = d.internal
    ? Boolean(d.cadence?.regular || d.passwordChangedBefore)
    : Boolean(d.cadence?.regular && (d.ownerSignedInElsewhere || d.passwordChangedBefore));
  const verdict: LockoutVerdict =
    d.accounts.length >= MANY_ACCOUNTS || (!d.internal && irregular)
      ? 'attacker'
      : oneAccount && explained
        ? 'stale-credentials'
        : 'unclear';
  if (verdict === 'attacker' && d.internal) {
    attack.push('an internal machine: investigate or isolate it, its address is not one to block in WAF');
  }
  if (verdict === 'attacker' && d.via) attack.push(`${d.via} only relayed it: the relay is not blocked`);
  const reasons =
    verdict === 'attacker'
      ? attack
      : verdict === 'stale-credentials'
        ? stale
        : [...stale, ...attack, 'not enough to tell'];
  if (d.failures === 0)
    reasons.push(`named as caller by ${d.lockouts} lockout(s) but no failed sign-in from it in the window`);
  else if (!d.via && d.lockouts > 0 && !d.wroteOwnRecords && d.sourceHosts.includes(d.caller))
    reasons.push(
      `no record written by ${d.caller} itself was read: if it signs users in for others (Exchange, IIS, AD FS, RD Gateway, NPS), its own Security log names the real clients`,
    );
  const { wroteOwnRecords: _, ...caller } = d;
  return { ...caller, verdict, reasons };
}

function overall(
  callers: LockoutCaller[],
  lockouts: Lockout[],
  relays: Relay[],
): { verdict: LockoutVerdict; reasons: string[] } {
  const through = relays.map(
    (r) =>
      `${r.computer} is a relay (${r.role}): the sign-ins came from ${r.sources.join(', ') || 'clients not in the logs'}`,
  );
  const result = overallOfSources(callers, lockouts);
  return { verdict: result.verdict, reasons: [...through, ...result.reasons] };
}

function overallOfSources(
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
