import { createHash } from 'node:crypto';
import { NamedError } from '../adapters/named-error.ts';
import { parameterName } from '../adapters/posture/controls.ts';
import type { Detection } from '../core/alerts.ts';
import type { ParsedLog, RejectedRecord } from '../core/auth-event.ts';
import { detect } from '../core/detect/index.ts';
import { type DetectionConfig, underPosture } from '../core/detect/thresholds.ts';
import type { SubscriptionPayload } from '../core/log-subscription.ts';
import { controlSpecs } from '../core/posture.ts';
import type { Deps } from '../platform/deps.ts';

const MINUTE = 60_000;

/** How far back a detector looks: the longest window, so state older than that can go. */
export function horizonMs(config: DetectionConfig): number {
  const { stuffing, spray, bruteForce, lockout } = config;
  return (
    Math.max(stuffing.windowMinutes, spray.windowMinutes, bruteForce.windowMinutes, lockout.windowMinutes) *
    MINUTE
  );
}

/** Sign-in profiles (countries, last place) are kept this long after a user's last sign-in. */
const PROFILE_DAYS = 90;

export interface DetectResult {
  logGroup: string;
  records: number;
  events: number;
  rejected: number;
  /** The first few rejected records, with their reasons (all are logged). */
  rejectedSamples: Pick<RejectedRecord, 'line' | 'reason'>[];
  detections: number;
  published: string[];
  failed: { id: string; error: string }[];
}

/**
 * One delivery of sign-in records: parse them, keep them in the window state, run the detectors over the
 * window, and publish each detection that is new, or has grown since it was last published.
 */
export async function detectInLogs(
  payload: SubscriptionPayload,
  parse: (text: string) => ParsedLog,
  deps: Deps,
): Promise<DetectResult> {
  const config = await thresholdsInForce(deps);
  const result: DetectResult = {
    logGroup: payload.logGroup,
    records: payload.logEvents.length,
    events: 0,
    rejected: 0,
    rejectedSamples: [],
    detections: 0,
    published: [],
    failed: [],
  };
  const events = [];
  for (const [i, logEvent] of payload.logEvents.entries()) {
    const parsed = parse(logEvent.message);
    events.push(...parsed.events);
    for (const r of parsed.rejected) {
      result.rejected++;
      if (result.rejectedSamples.length < 10) result.rejectedSamples.push({ line: i + 1, reason: r.reason });
      deps.logger.warn('unparsable sign-in record', {
        logGroup: payload.logGroup,
        record: i + 1,
        reason: r.reason,
      });
    }
  }
  result.events = events.length;
  if (events.length === 0) return result;

  const now = deps.clock().getTime();
  const horizon = horizonMs(config);
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const e of events) {
    first = Math.min(first, e.time);
    last = Math.max(last, e.time);
  }
  await deps.detectionState.addEvents(events, now + horizon);
  // Lockouts are remembered longer: an account locking out again an hour later is one storm with the first.
  const repeat = config.lockout.repeatMinutes * MINUTE;
  const lockouts = events.filter((e) => e.activity === 'lockout');
  if (lockouts.length > 0) await deps.detectionState.addLockouts(lockouts, now + repeat + horizon);
  const window = [
    ...(await deps.detectionState.lockouts(last - repeat, first - horizon - 1, now)),
    ...(await deps.detectionState.events(first - horizon, last, now)),
  ];
  const signedIn = [...new Set(events.filter((e) => e.outcome === 'success').map((e) => e.user))];
  const profiles = await deps.detectionState.profiles(signedIn, now);
  const detections = detect(window, config, profiles);
  await deps.detectionState.saveProfiles(profiles, now + PROFILE_DAYS * 24 * 60 * MINUTE);
  result.detections = detections.length;

  const fresh: Detection[] = [];
  const claims = new Map<string, [string, string]>();
  for (const d of detections) {
    const shape = fingerprint(d);
    if (!(await deps.detectionState.claim(d.id, shape, now, now + horizon * 2))) continue;
    // Published under id + shape: a grown campaign is a new alert, which correlation joins to its incident.
    const id = `${d.id}-${shape}`;
    claims.set(id, [d.id, shape]);
    fresh.push({ ...d, id });
  }
  const { failed } = await deps.detections.publish(fresh);
  const lost = new Set(failed.map((f) => f.id));
  result.failed = failed;
  result.published = fresh.map((d) => d.id).filter((id) => !lost.has(id));
  if (failed.length === 0) return result;
  // Give the claims back and fail the invocation: Lambda retries the delivery, which publishes only these.
  for (const id of lost) {
    const [detectionId, shape] = claims.get(id) ?? [id, ''];
    await deps.detectionState.release(detectionId, shape);
  }
  throw new NamedError(
    'DetectionsNotPublished',
    `${failed.length} detection(s) could not be published: ${failed.map((f) => `${f.id}: ${f.error}`).join('; ')}`,
  );
}

/**
 * The configured thresholds, made stricter while an incident's posture holds riposte's detection threshold
 * below its baseline (read from the parameter the posture publishes, as the application reads its own).
 */
async function thresholdsInForce(deps: Deps): Promise<DetectionConfig> {
  const baseline = Number(controlSpecs(deps.config.posture)['detection-threshold'].baseline);
  const published = await deps.parameters.get(parameterName('detection-threshold'));
  const inForce = published === undefined ? baseline : Number(published);
  return underPosture(deps.config.detection, inForce, baseline);
}

/** What a detection says about whom: it changes when the campaign grows (new sources, accounts, victims). */
function fingerprint(d: Detection): string {
  const text = [d.sourceIps, d.sourceHosts, d.targetedUsers, d.compromisedUsers]
    .map((l) => l.join(','))
    .join('\n');
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}
