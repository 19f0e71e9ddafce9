import type { AuthEvent } from '../auth-event.ts';
import { analyzeLockouts, type LockoutCaller } from '../lockout.ts';
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
 * Account-lockout storms (T1110): lockouts (4740) grouped by caller computer and source with the failures
 * around them, judged by the lockout analysis (lambdas/core/lockout.ts). A caller is a detection when it is
 * an attacker or a machine with stale credentials that locked an account out, or when its verdict is unclear
 * but it caused `minLockouts` lockouts; one person locking themselves out once is not a storm.
 */
export function detectLockoutStorms(events: readonly AuthEvent[], config: DetectionConfig): LockoutFindings {
  const { windowMinutes, minLockouts } = config.lockout;
  const windowMs = windowMinutes * MINUTE;
  const lockouts = events.filter((e) => e.activity === 'lockout').sort((a, b) => a.time - b.time);
  const result: LockoutFindings = { findings: [], staleCallers: [] };
  if (lockouts.length === 0) return result;
  // Every lockout starts or extends a storm: lockouts closer than a window apart are one.
  const everyLockout = { add: () => {}, remove: () => {}, triggered: () => true, reset: () => {} };
  for (const storm of bursts(lockouts, windowMs, everyLockout)) {
    const window = {
      start: (storm[0] as AuthEvent).time - windowMs,
      end: (storm.at(-1) as AuthEvent).time + windowMs,
    };
    const analysis = analyzeLockouts([...events], { window });
    for (const caller of analysis.callers) {
      if (caller.lockouts === 0) continue;
      const sources = sourcesOf(caller);
      if (caller.verdict === 'stale-credentials') result.staleCallers.push(...sources);
      if (caller.verdict === 'unclear' && caller.lockouts < minLockouts) continue;
      const locked = analysis.lockouts.filter((l) => l.caller === caller.caller);
      result.findings.push({
        type: 'account-lockout',
        key: caller.caller,
        events: storm.filter((e) => locked.some((l) => l.time === e.time && l.account === e.user)),
        window: {
          start: Math.min(caller.firstFailure ?? Number.POSITIVE_INFINITY, ...locked.map((l) => l.time)),
          end: Math.max(caller.lastFailure ?? 0, ...locked.map((l) => l.time)),
        },
        sources,
        targetedUsers: [...new Set([...caller.accounts, ...locked.map((l) => l.account)])],
        // A lockout never names an account as compromised: a stale password's owner is told, not reset.
        compromisedUsers: [],
        severity: SEVERITY[caller.verdict],
        title: `Account lockouts from ${caller.caller}: ${verdictInWords[caller.verdict]}`,
        reasons: [
          `${caller.lockouts} lockout(s) of ${[...new Set(locked.map((l) => l.account))].join(', ')} name ${caller.caller} as the caller; ${caller.failures} failed sign-in(s) from it`,
          `verdict: ${caller.verdict}`,
          ...caller.reasons,
        ],
      });
    }
  }
  return result;
}

const verdictInWords = {
  attacker: 'an attacker',
  'stale-credentials': 'a machine still using an old password',
  unclear: 'attacker or stale password, not clear',
} as const;

function sourcesOf(caller: LockoutCaller): Source[] {
  const host = caller.sourceHosts[0];
  const ips = caller.sourceIps.map((ip) => ipSource(ip, host));
  const hosts = caller.sourceHosts.map((h): Source => ({ key: `host:${h}`, host: h, internal: true }));
  return [...ips, ...hosts];
}
