import type { Detection } from '../alerts.ts';
import type { AuthEvent } from '../auth-event.ts';
import { type Attempt, passwordAttempts } from './attempts.ts';
import { detectBruteForce, detectDistributedStuffing, detectFromOneSource } from './credential-attacks.ts';
import { toDetection } from './detection.ts';
import { detectExplicitCredentialSprays } from './explicit-credentials.ts';
import { detectLockoutStorms } from './lockout-storms.ts';
import { detectRiskySignins, type SigninProfiles } from './risky-signins.ts';
import type { DetectionConfig } from './thresholds.ts';

/**
 * `host:<name>` keys of computers that logged failed sign-ins for clients elsewhere (the address is not
 * theirs, no other workstation named): front-end servers relaying their users' sign-ins.
 */
function relayHosts(events: readonly AuthEvent[]): Set<string> {
  const relays = new Set<string>();
  for (const e of events) {
    if (e.outcome !== 'failure' || e.activity !== 'logon' || !e.reporter || !e.sourceIp) continue;
    if (e.sourceHost !== undefined && e.sourceHost !== e.reporter) continue;
    if (e.sourceIp === '::1' || e.sourceIp.startsWith('127.')) continue;
    relays.add(`host:${e.reporter}`);
  }
  return relays;
}

export type { SigninProfile, SigninProfiles } from './risky-signins.ts';

/**
 * Run every detector over a stretch of authentication records (any order). Pure: the result depends on the
 * records, the thresholds and the users' sign-in profiles only, which are updated in place.
 */
export function detect(
  events: readonly AuthEvent[],
  config: DetectionConfig,
  profiles: SigninProfiles = new Map(),
): Detection[] {
  const scoresPlaces = config.riskySignin.anonymizingNetworks.length > 0;
  const relays = relayHosts(events);
  const all = passwordAttempts(events, (e) => scoresPlaces || e.location !== undefined);
  // What a domain controller saw from a relay (Exchange, AD FS …) is its clients' sign-ins, judged from the
  // relay's own records by client address: the relay is never the source.
  const attempts =
    relays.size === 0
      ? all
      : all.filter((a) => !(a.key !== undefined && relays.has(a.key) && a.event.reporter !== a.key.slice(5)));
  const oneSource = [
    ...detectFromOneSource(attempts, config),
    ...detectExplicitCredentialSprays(events, config),
  ];
  const found = new Set(oneSource.map((f) => f.key));
  const lockouts = detectLockoutStorms(events, config);
  // A machine of ours retrying an old password is the lockout investigation's, not a brute force.
  const stale = new Set(lockouts.staleCallers.flatMap((s) => [s.key, ...(s.host ? [`host:${s.host}`] : [])]));
  const isStale = (a: Attempt) =>
    a.key !== undefined &&
    (stale.has(a.key) || (a.event.sourceHost !== undefined && stale.has(`host:${a.event.sourceHost}`)));
  return [
    ...oneSource,
    ...detectDistributedStuffing(attempts, config, found),
    ...lockouts.findings,
    ...detectBruteForce(attempts, config, isStale),
    ...detectRiskySignins(attempts, config, profiles),
  ].map(toDetection);
}
