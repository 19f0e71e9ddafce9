import type { AuthEvent } from '../auth-event.ts';
import { analyzeLockouts, type Lockout, type LockoutAnalysis, type LockoutCaller } from '../lockout.ts';
import type { Finding } from './detection.ts';
import { ipSource, type Source } from './sources.ts';
import type { DetectionConfig } from './thresholds.ts';
import { bursts } from './window.ts';

const MINUTE = 60_000;

/** How urgent each verdict is: an attacker is contained, a stale password is its owner's to fix. */
const SEVERITY = { attacker: 70, unclear: 50, 'stale-credentials': 30 } as const;

export interface LockoutFindings {
  findings: Finding[];
  /** Callers judged a machine of ours with an old password: their failures are no brute force. */
  staleCallers: Source[];
}

/**
 * Account-lockout storms (T1110): lockouts (4740) grouped by caller computer, each followed to the real sources
 * (through a relay when the caller computer only forwarded the sign-ins) and judged by the lockout analysis
 * (lambdas/core/lockout.ts). A source is a detection when it is an attacker or a machine with stale
 * credentials that locked an account out, or when its verdict is unclear but it caused `minLockouts` lockouts.
 * Never silent: an account locked out `minLockouts` times that no source's detection covers is a detection
 * of its own, naming the whole caller chain. One person locking themselves out once is not a storm.
 */
export function detectLockoutStorms(events: readonly AuthEvent[], config: DetectionConfig): LockoutFindings {
  const { windowMinutes, minLockouts, repeatMinutes } = config.lockout;
  const windowMs = windowMinutes * MINUTE;
  const lockouts = events.filter((e) => e.activity === 'lockout').sort((a, b) => a.time - b.time);
  const result: LockoutFindings = { findings: [], staleCallers: [] };
  if (lockouts.length === 0) return result;
  // Every lockout starts or extends a storm: lockouts closer than repeatMinutes apart are one.
  const everyLockout = { add: () => {}, remove: () => {}, triggered: () => true, reset: () => {} };
  for (const storm of bursts(lockouts, Math.max(repeatMinutes, windowMinutes) * MINUTE, everyLockout)) {
    const window = {
      start: (storm[0] as AuthEvent).time - windowMs,
      end: (storm.at(-1) as AuthEvent).time + windowMs,
    };
    const analysis = analyzeLockouts([...events], { window });
    const covered = new Set<string>();
    for (const caller of analysis.callers) {
      if (caller.lockouts === 0) continue;
      if (caller.verdict === 'stale-credentials') result.staleCallers.push(...keysOf(caller));
      if (caller.verdict === 'unclear' && caller.lockouts < minLockouts) continue;
      const locked = lockedBy(analysis, caller);
      const accounts = [...new Set([...caller.accounts, ...locked.map((l) => l.account)])];
      for (const a of accounts) covered.add(a);
      const through = caller.via ? ` through ${caller.via}` : '';
      const relay = analysis.relays.find((r) => r.computer === caller.via);
      result.findings.push({
        type: 'account-lockout',
        key: caller.via ? `${caller.via}>${caller.caller}` : caller.caller,
        events: storm.filter((e) => locked.some((l) => l.time === e.time && l.account === e.user)),
        window: {
          start: Math.min(caller.firstFailure ?? Number.POSITIVE_INFINITY, ...locked.map((l) => l.time)),
          end: Math.max(caller.lastFailure ?? 0, ...locked.map((l) => l.time)),
        },
        sources: sourcesOf(caller),
        targetedUsers: accounts,
        // A lockout never names an account as compromised: a stale password's owner is told, not reset.
        compromisedUsers: [],
        severity: SEVERITY[caller.verdict],
        title: `Account lockouts from ${caller.caller}${through}: ${verdictInWords[caller.verdict]}`,
        reasons: [
          `${caller.lockouts} lockout(s) of ${[...new Set(locked.map((l) => l.account))].join(', ')} name ${caller.via ?? caller.caller} as the caller; ${caller.failures} failed sign-in(s) from ${caller.caller}`,
          `verdict: ${caller.verdict}`,
          ...(relay ? [`${relay.computer} is a relay (${relay.role}): named, not judged, not blocked`] : []),
          ...caller.reasons,
        ],
      });
    }
    result.findings.push(...uncovered(analysis, storm, covered, minLockouts));
  }
  return result;
}

/** The lockouts a source caused: those naming it, or naming the relay it came through for an account it tried. */
function lockedBy(analysis: LockoutAnalysis, caller: LockoutCaller): Lockout[] {
  return analysis.lockouts.filter(
    (l) =>
      l.caller === caller.caller ||
      (caller.via !== undefined && l.caller === caller.via && caller.accounts.includes(l.account)),
  );
}

/**
 * Accounts locked out `minLockouts` times that no detection covers: one detection each, with the caller
 * chain and what is known, so an unexplained lockout storm is never silent.
 */
function uncovered(
  analysis: LockoutAnalysis,
  storm: AuthEvent[],
  covered: ReadonlySet<string>,
  minLockouts: number,
): Finding[] {
  const byAccount = new Map<string, Lockout[]>();
  for (const l of analysis.lockouts) byAccount.set(l.account, [...(byAccount.get(l.account) ?? []), l]);
  const findings: Finding[] = [];
  for (const [account, locked] of byAccount) {
    if (locked.length < minLockouts || covered.has(account)) continue;
    const computers = [...new Set(locked.map((l) => l.caller ?? 'no caller computer named'))];
    const sources = analysis.callers.filter(
      (c) => c.accounts.includes(account) || lockedBy(analysis, c).some((l) => l.account === account),
    );
    const chain = computers.map((computer) => {
      const relay = analysis.relays.find((r) => r.computer === computer);
      const behind = sources.filter((c) => (relay ? c.via === computer : c.caller === computer));
      const what = relay ? `${computer} (a relay: ${relay.role})` : computer;
      return `the lockouts name ${what}; ${behind.length ? `sources: ${behind.map((c) => `${c.caller} (${c.verdict}: ${c.reasons.join('; ')})`).join(', ')}` : 'no failed sign-in found from it'}`;
    });
    const others = sources.filter((c) => !computers.includes(c.caller) && !computers.includes(c.via ?? ''));
    const verdict = sources.some((c) => c.verdict === 'attacker') ? 'attacker' : 'unclear';
    const times = [...locked.map((l) => l.time), ...sources.flatMap((c) => c.firstFailure ?? [])];
    findings.push({
      type: 'account-lockout',
      key: `account:${account}`,
      events: storm.filter((e) => e.user === account),
      window: { start: Math.min(...times), end: Math.max(...locked.map((l) => l.time)) },
      sources: [
        ...sources.flatMap(sourcesOf),
        ...computers.filter((c) => !c.includes(' ')).map((c) => hostSource(c)),
      ],
      targetedUsers: [account],
      compromisedUsers: [],
      severity: SEVERITY[verdict],
      title: `${account} locked out ${locked.length} times: ${verdict === 'attacker' ? 'an attacker among the callers' : 'cause not clear'}`,
      reasons: [
        `${locked.length} lockout(s) of ${account} (threshold ${minLockouts}); verdict: ${verdict}`,
        ...chain,
        ...others.map(
          (c) => `also failing for ${account}: ${c.caller} (${c.verdict}: ${c.reasons.join('; ')})`,
        ),
      ].map((r) => r.slice(0, 1024)),
    });
  }
  return findings;
}

const verdictInWords = {
  attacker: 'an attacker',
  'stale-credentials': 'a machine or device still using an old password',
  unclear: 'attacker or stale password, not clear',
} as const;

function hostSource(name: string): Source {
  return { key: `host:${name}`, host: name, internal: true };
}

/**
 * What the detection names. An attacker's public addresses may be blocked; every other source (a stale phone
 * on a carrier address too) is named as a host to look at, never as an address to block. A relay is not a
 * source of its clients' detections.
 */
function sourcesOf(caller: LockoutCaller): Source[] {
  const host = caller.sourceHosts[0];
  const hosts = caller.sourceHosts.map(hostSource);
  if (caller.verdict !== 'attacker') return [...hosts, ...caller.sourceIps.map(hostSource)];
  return [...caller.sourceIps.map((ip) => ipSource(ip, host)), ...hosts];
}

/** The attempt keys of a source (its addresses and `host:` names), to keep its failures out of brute force. */
function keysOf(caller: LockoutCaller): Source[] {
  return [...caller.sourceIps.map((ip) => ipSource(ip)), ...caller.sourceHosts.map(hostSource)];
}
