import type { Detection } from '../alerts.ts';
import type { AuthEvent } from '../auth-event.ts';
import { type Attempt, passwordAttempts } from './attempts.ts';
import { detectBruteForce, detectDistributedStuffing, detectFromOneSource } from './credential-attacks.ts';
import { toDetection } from './detection.ts';
import { detectLockoutStorms } from './lockout-storms.ts';
import { detectRiskySignins, type SigninProfiles } from './risky-signins.ts';
import type { DetectionConfig } from './thresholds.ts';

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
  const attempts = passwordAttempts(events, (e) => scoresPlaces || e.location !== undefined);
  const oneSource = detectFromOneSource(attempts, config);
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
