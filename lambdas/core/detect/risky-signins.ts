import { type Cidr, overlaps, parseCidr } from '../cidr.ts';
import type { Attempt } from './attempts.ts';
import { duration, type Finding, sourceName } from './detection.ts';
import type { DetectionConfig } from './thresholds.ts';

/** What riposte remembers of a user's sign-ins: the countries seen and the last located sign-in. */
export interface SigninProfile {
  countries: string[];
  last?: { time: number; latitude: number; longitude: number; place: string };
}
export type SigninProfiles = Map<string, SigninProfile>;

const EARTH_RADIUS_KM = 6371;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance between two points, in km (haversine). */
export function distanceKm(
  a: { latitude: number; longitude: number },
  b: { latitude: number; longitude: number },
) {
  const dLat = rad(b.latitude - a.latitude);
  const dLon = rad(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

const parsedLists = new WeakMap<readonly string[], Cidr[]>();
function anonymizingNetworks(list: readonly string[]): Cidr[] {
  let parsed = parsedLists.get(list);
  if (!parsed) {
    parsed = list.map((c) => parseCidr(c));
    parsedLists.set(list, parsed);
  }
  return parsed;
}

function inList(ip: string | undefined, networks: readonly Cidr[]): Cidr | undefined {
  if (!ip || networks.length === 0) return undefined;
  let address: Cidr;
  try {
    address = parseCidr(ip);
  } catch {
    return undefined;
  }
  return networks.find((n) => overlaps(n, address));
}

/**
 * Risky successful sign-ins (T1078): impossible travel, a new country for the user, an anonymizing network.
 * Each adds to a 0–100 risk score; a sign-in at or above `minScore` is a detection. `profiles` carries each
 * user's history in and out (the detect function keeps it in DynamoDB between invocations).
 */
export function detectRiskySignins(
  attempts: readonly Attempt[],
  config: DetectionConfig,
  profiles: SigninProfiles,
): Finding[] {
  const rules = config.riskySignin;
  const networks = anonymizingNetworks(rules.anonymizingNetworks);
  const findings: Finding[] = [];
  for (const a of attempts) {
    if (a.failed) continue;
    const location = a.event.location;
    // Nothing to score without a place or a list of anonymizing networks: skip the bookkeeping.
    if (!location && networks.length === 0) continue;
    const profile = profiles.get(a.user) ?? { countries: [] };
    let score = 0;
    const reasons: string[] = [];
    const place = [location?.city, location?.country].filter(Boolean).join(', ');
    const network = inList(a.event.sourceIp, networks);
    if (network) {
      score += rules.anonymizingNetworkScore;
      reasons.push(`signed in from ${a.event.sourceIp}, in the anonymizing network ${network.cidr}`);
    }
    if (location?.country && profile.countries.length > 0 && !profile.countries.includes(location.country)) {
      score += rules.newCountryScore;
      reasons.push(
        `first sign-in from ${location.country}; seen before from ${profile.countries.join(', ')}`,
      );
    }
    const here =
      location?.latitude !== undefined && location.longitude !== undefined
        ? { latitude: location.latitude, longitude: location.longitude }
        : undefined;
    if (here && profile.last && a.time >= profile.last.time) {
      const km = distanceKm(profile.last, here);
      const hours = (a.time - profile.last.time) / 3_600_000;
      const kmh = hours > 0 ? km / hours : Number.POSITIVE_INFINITY;
      if (km > rules.minDistanceKm && kmh > rules.maxSpeedKmh) {
        score += rules.impossibleTravelScore;
        reasons.push(
          `impossible travel: ${Math.round(km)} km from ${profile.last.place || 'the last sign-in'} in ${duration(a.time - profile.last.time)} (${Number.isFinite(kmh) ? `${Math.round(kmh)} km/h` : 'at once'}, limit ${rules.maxSpeedKmh} km/h)`,
        );
      }
    }
    if (location?.country && !profile.countries.includes(location.country))
      profile.countries.push(location.country);
    if (here && (!profile.last || a.time >= profile.last.time))
      profile.last = { time: a.time, ...here, place };
    profiles.set(a.user, profile);
    score = Math.min(100, score);
    if (score < rules.minScore) continue;
    const level = score >= 70 ? 'high' : 'medium';
    findings.push({
      type: 'risky-signin',
      key: `${a.user}\n${a.time}`,
      events: [a.event],
      sources: a.source ? [a.source] : [],
      targetedUsers: [a.user],
      compromisedUsers: [a.user],
      severity: score,
      riskScore: score,
      title: `Risky sign-in (${level}, ${score}/100) by ${a.user}${a.source ? ` from ${sourceName(a.source)}` : ''}`,
      reasons,
    });
  }
  return findings;
}
