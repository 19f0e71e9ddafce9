import type { AuthEvent } from '../auth-event.ts';
import { type Attempt, groupBy } from './attempts.ts';
import { duration, type Finding, sourceName } from './detection.ts';
import type { Source } from './sources.ts';
import type { DetectionConfig } from './thresholds.ts';
import { bursts, WindowCount } from './window.ts';

const MINUTE = 60_000;

/** A tracker of distinct keys of the items in the window, triggered at `min` of them. */
function distinct<T>(keyOf: (item: T) => string, min: number) {
  let count = new WindowCount();
  return {
    add: (item: T) => count.add(keyOf(item)),
    remove: (item: T) => count.remove(keyOf(item)),
    triggered: () => count.distinct >= min,
    reset: () => {
      count = new WindowCount();
    },
  };
}

const eventsOf = (attempts: readonly Attempt[]): AuthEvent[] => attempts.map((a) => a.event);

/**
 * Whether failures look like a list breached elsewhere: many of its accounts do not exist here. Without
 * failure reasons in the records (half of them or more unexplained) the speed alone decides.
 */
function replaysAList(failures: readonly Attempt[], minUnknownUserRatio: number) {
  let explained = 0;
  let unknown = 0;
  for (const f of failures) {
    const reason = f.event.failureReason;
    if (!reason || reason === 'other') continue;
    explained++;
    if (reason === 'unknown-user') unknown++;
  }
  if (explained < failures.length / 2)
    return { replayed: true, reason: 'the records do not say why sign-ins failed: judged by speed' };
  const share = unknown / explained;
  return {
    replayed: share >= minUnknownUserRatio,
    reason: `${Math.round(share * 100)}% of the failures name accounts that do not exist here: a list from elsewhere`,
  };
}

/** Successful sign-ins from these sources in [from, to], by accounts `accept` admits. */
function signedIn(
  attempts: readonly Attempt[],
  sources: ReadonlySet<string>,
  from: number,
  to: number,
  accept: (user: string) => boolean,
): Set<string> {
  const users = new Set<string>();
  for (const a of attempts) {
    if (a.failed || a.time < from || a.time > to || a.key === undefined || !sources.has(a.key)) continue;
    if (accept(a.user)) users.add(a.user);
  }
  return users;
}

/**
 * One source against many accounts, mostly failing: credential stuffing when it is a public address going
 * through a list fast (T1110.004), otherwise a password spray (T1110.003) — few tries per account, keyed by
 * IP or by host when the record has no IP.
 */
export function detectFromOneSource(attempts: readonly Attempt[], config: DetectionConfig): Finding[] {
  const { spray, stuffing } = config;
  const findings: Finding[] = [];
  // Few sources fail often enough to matter: group the failures first, then read those sources' attempts.
  const failing = new Map(
    [
      ...groupBy(
        attempts.filter((a) => a.failed),
        (a) => a.key,
      ),
    ].filter(([, failures]) => failures.length >= spray.minAccounts),
  );
  const attemptsOf = groupBy(
    attempts.filter((a) => a.key !== undefined && failing.has(a.key)),
    (a) => a.key,
  );
  for (const [key, failures] of failing) {
    const fromSource = attemptsOf.get(key) ?? failures;
    const source = failures[0]?.source as Source;
    for (const burst of bursts(
      failures,
      spray.windowMinutes * MINUTE,
      distinct((a) => a.user, spray.minAccounts),
    )) {
      const start = (burst[0] as Attempt).time;
      const end = (burst.at(-1) as Attempt).time;
      const accounts = new Set(burst.map((a) => a.user));
      const inSpan = fromSource.filter((a) => a.time >= start && a.time <= end);
      const failureRatio = burst.length / inSpan.length;
      const perAccount = burst.length / accounts.size;
      const fast =
        bursts(
          burst,
          stuffing.windowMinutes * MINUTE,
          distinct((a) => a.user, stuffing.minAccounts),
        ).length > 0;
      const span = `${accounts.size} accounts failed from ${sourceName(source)} within ${duration(end - start)}`;
      const list = replaysAList(burst, stuffing.minUnknownUserRatio);
      if (!source.internal && fast && failureRatio >= stuffing.minFailureRatio && list.replayed) {
        const compromised = signedIn(
          fromSource,
          new Set([key]),
          start,
          end + stuffing.windowMinutes * MINUTE,
          () => true,
        );
        findings.push({
          type: 'credential-stuffing',
          key,
          events: eventsOf(burst),
          sources: [source],
          targetedUsers: accounts,
          compromisedUsers: compromised,
          severity: compromised.size > 0 ? 85 : 70,
          title: `Credential stuffing from ${sourceName(source)} against ${accounts.size} accounts`,
          reasons: [
            `${span} (threshold ${stuffing.minAccounts} in ${stuffing.windowMinutes} min), ${Math.round(failureRatio * 100)}% of its attempts failing`,
            list.reason,
            ...(compromised.size > 0 ? [`${compromised.size} account(s) then signed in from it`] : []),
          ],
        });
        continue;
      }
      if (perAccount > spray.maxAttemptsPerAccount || failureRatio < spray.minFailureRatio) continue;
      const compromised = signedIn(
        fromSource,
        new Set([key]),
        start,
        end + spray.windowMinutes * MINUTE,
        (u) => accounts.has(u),
      );
      findings.push({
        type: 'password-spray',
        key,
        events: eventsOf(burst),
        sources: [source],
        targetedUsers: accounts,
        compromisedUsers: compromised,
        severity: compromised.size > 0 ? 80 : source.internal ? 65 : 60,
        title: `Password spray from ${sourceName(source)} against ${accounts.size} accounts`,
        reasons: [
          `${span} (threshold ${spray.minAccounts} in ${spray.windowMinutes} min), ${perAccount.toFixed(1)} attempt(s) per account, ${Math.round(failureRatio * 100)}% of its attempts failing`,
          ...(source.internal
            ? [`${sourceName(source)} is inside the network: a host to investigate, not an address to block`]
            : []),
          ...(compromised.size > 0 ? [`${[...compromised].join(', ')} then signed in from it`] : []),
        ],
      });
    }
  }
  return findings;
}

/**
 * Distributed credential stuffing: many public sources × many accounts in a short window, mostly failing,
 * each source too quiet to trip the one-source rule (T1110.004).
 */
export function detectDistributedStuffing(
  attempts: readonly Attempt[],
  config: DetectionConfig,
  alreadyFound: ReadonlySet<string>,
): Finding[] {
  const { stuffing } = config;
  const failures = attempts.filter(
    (a) => a.failed && a.key !== undefined && !alreadyFound.has(a.key) && a.source?.internal === false,
  );
  const outsideKeys = new Set(failures.map((a) => a.key));
  const outside = attempts.filter((a) => a.key !== undefined && outsideKeys.has(a.key));
  let users = new WindowCount();
  let sources = new WindowCount();
  let pairs = new WindowCount();
  const pair = (a: Attempt) => `${a.key}\n${a.user}`;
  const tracker = {
    add(a: Attempt) {
      users.add(a.user);
      sources.add(a.key ?? '');
      pairs.add(pair(a));
    },
    remove(a: Attempt) {
      users.remove(a.user);
      sources.remove(a.key ?? '');
      pairs.remove(pair(a));
    },
    triggered: () =>
      users.distinct >= stuffing.minAccounts &&
      sources.distinct >= stuffing.minSources &&
      pairs.distinct >= stuffing.minPairs,
    reset() {
      users = new WindowCount();
      sources = new WindowCount();
      pairs = new WindowCount();
    },
  };
  const findings: Finding[] = [];
  for (const burst of bursts(failures, stuffing.windowMinutes * MINUTE, tracker)) {
    const start = (burst[0] as Attempt).time;
    const end = (burst.at(-1) as Attempt).time;
    const keys = new Set(burst.map((a) => a.key ?? ''));
    const inSpan = outside.filter((a) => a.time >= start && a.time <= end && keys.has(a.key ?? ''));
    const failureRatio = burst.length / inSpan.length;
    if (failureRatio < stuffing.minFailureRatio) continue;
    const accounts = new Set(burst.map((a) => a.user));
    const sourceList = [...new Map(burst.map((a) => [a.key, a.source as Source])).values()];
    const compromised = signedIn(outside, keys, start, end + stuffing.windowMinutes * MINUTE, () => true);
    findings.push({
      type: 'credential-stuffing',
      key: `distributed:${[...keys].sort().join(',')}`,
      events: eventsOf(burst),
      sources: sourceList,
      targetedUsers: accounts,
      compromisedUsers: compromised,
      severity: compromised.size > 0 ? 85 : 70,
      title: `Distributed credential stuffing from ${keys.size} sources against ${accounts.size} accounts`,
      reasons: [
        `${accounts.size} accounts failed from ${keys.size} sources within ${duration(end - start)} (threshold ${stuffing.minAccounts} accounts, ${stuffing.minSources} sources, ${stuffing.minPairs} pairs in ${stuffing.windowMinutes} min), ${Math.round(failureRatio * 100)}% failing`,
        ...(compromised.size > 0 ? [`${compromised.size} account(s) then signed in from those sources`] : []),
      ],
    });
  }
  return findings;
}

/** Many failures against one account, from one source or several (T1110.001). */
export function detectBruteForce(
  attempts: readonly Attempt[],
  config: DetectionConfig,
  excluded: (a: Attempt) => boolean,
): Finding[] {
  const { bruteForce } = config;
  const findings: Finding[] = [];
  const failed = groupBy(
    attempts.filter((a) => a.failed && !excluded(a)),
    (a) => a.user,
  );
  for (const [user, failures] of failed) {
    if (failures.length < bruteForce.minFailures) continue;
    let n = 0;
    const tracker = {
      add: () => void n++,
      remove: () => void n--,
      triggered: () => n >= bruteForce.minFailures,
      reset: () => {
        n = 0;
      },
    };
    for (const burst of bursts(failures, bruteForce.windowMinutes * MINUTE, tracker)) {
      const start = (burst[0] as Attempt).time;
      const end = (burst.at(-1) as Attempt).time;
      const sources = [
        ...new Map(burst.flatMap((a) => (a.source ? [[a.source.key, a.source] as const] : []))).values(),
      ];
      const keys = new Set(sources.map((s) => s.key));
      const compromised = signedIn(
        attempts,
        keys,
        start,
        end + bruteForce.windowMinutes * MINUTE,
        (u) => u === user,
      );
      const from = sources.length === 1 ? sourceName(sources[0] as Source) : `${sources.length} sources`;
      findings.push({
        type: 'brute-force',
        key: user,
        events: eventsOf(burst),
        sources,
        targetedUsers: [user],
        compromisedUsers: compromised,
        severity: compromised.size > 0 ? 80 : 50,
        title: `Brute force against ${user} from ${from}`,
        reasons: [
          `${burst.length} failed sign-ins for ${user} from ${from} within ${duration(end - start)} (threshold ${bruteForce.minFailures} in ${bruteForce.windowMinutes} min)`,
          ...(compromised.size > 0 ? [`${user} then signed in from the same source`] : []),
        ],
      });
    }
  }
  return findings;
}
