import type { Detection } from '../alerts.ts';
import type { AuthEvent } from '../auth-event.ts';
import { passwordAttempts } from './attempts.ts';
import { detectBruteForce, detectDistributedStuffing, detectFromOneSource } from './credential-attacks.ts';
import { toDetection } from './detection.ts';
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
  const attempts = passwordAttempts(events);
  const oneSource = detectFromOneSource(attempts, config);
  const found = new Set(oneSource.map((f) => f.key));
  return [
    ...oneSource,
    ...detectDistributedStuffing(attempts, config, found),
    ...detectBruteForce(attempts, config, () => false),
    ...detectRiskySignins(attempts, config, profiles),
  ].map(toDetection);
}
