import { z } from 'zod';

const minutes = z
  .number()
  .positive()
  .max(24 * 60);
const count = z.number().int().min(2).max(1_000_000);
const ratio = z.number().min(0).max(1);
const score = z.number().int().min(0).max(100);

/**
 * Detector thresholds. Defaults follow public rules: spray ≥ 5 failed accounts from one source in 20 min
 * (Sentinel); distributed stuffing > 20 users, 20 IPs, 20 pairs in 5 min; impossible travel ≈ 1,000 km/h
 * over more than 50 km.
 */
export const DetectionConfigSchema = z
  .object({
    /** CloudWatch Logs groups of sign-in records the detect function subscribes to (on AWS). */
    logGroups: z.array(z.string().min(1).max(512)).max(50).default([]),
    /** Alerts sharing a source or an account within this many minutes join one incident (a campaign); 0: never. */
    correlationMinutes: z
      .number()
      .min(0)
      .max(60 * 24 * 30)
      .default(60),
    stuffing: z
      .object({
        windowMinutes: minutes.default(5),
        /** Distinct failing accounts from one public source. */
        minAccounts: count.default(20),
        /** Share of that source's attempts that failed ("mostly failing"). */
        minFailureRatio: ratio.default(0.8),
        /**
         * Share of failures for accounts that do not exist here: a list breached elsewhere is replayed, where a
         * spray tries the directory's real accounts. Judged only when the records say why sign-ins failed.
         */
        minUnknownUserRatio: ratio.default(0.3),
        /** Distributed: at least this many sources, accounts and failing (source, account) pairs. */
        minSources: count.default(20),
        minPairs: count.default(20),
      })
      .prefault({}),
    spray: z
      .object({
        windowMinutes: minutes.default(20),
        /** Distinct failing accounts from one source (IP, or host when the IP is missing). */
        minAccounts: count.default(5),
        /** A spray tries few passwords per account: more attempts per account on average is guessing. */
        maxAttemptsPerAccount: z.number().positive().max(100).default(3),
        /** Share of the source's attempts that failed: an office NAT where a few of 200 people mistype is no spray. */
        minFailureRatio: ratio.default(0.5),
      })
      .prefault({}),
    bruteForce: z
      .object({
        windowMinutes: minutes.default(10),
        /** Failures against one account. */
        minFailures: count.default(10),
      })
      .prefault({}),
    lockout: z
      .object({
        /** How far before a lockout its failures are looked for. */
        windowMinutes: minutes.default(30),
        /** Lockouts from one caller computer and source that make a storm. */
        minLockouts: z.number().int().min(1).default(3),
        /**
         * Lockouts closer together than this are one storm, counted towards minLockouts: a service or a phone
         * locks its account again each time the lockout ends (often 15–30 min), a scheduled task at every run.
         */
        repeatMinutes: minutes.default(240),
      })
      .prefault({}),
    riskySignin: z
      .object({
        /** Faster than this between two sign-ins of one user is impossible travel. */
        maxSpeedKmh: z.number().positive().default(1000),
        /** Closer than this is one place (city-level geolocation is coarse). */
        minDistanceKm: z.number().min(0).default(50),
        /** CIDRs of anonymizing networks: VPN exits, Tor exit nodes, hosting ranges you never sign in from. */
        anonymizingNetworks: z.array(z.string().min(1)).max(10_000).default([]),
        impossibleTravelScore: score.default(60),
        newCountryScore: score.default(30),
        anonymizingNetworkScore: score.default(45),
        /** Below this the sign-in is only logged (low risk); 40–69 asks for step-up, 70+ contains. */
        minScore: score.default(40),
      })
      .prefault({}),
  })
  .prefault({});

export type DetectionConfig = z.output<typeof DetectionConfigSchema>;

/** Defaults, for callers without a full configuration (tests, bench). */
export const DEFAULT_DETECTION: DetectionConfig = DetectionConfigSchema.parse(undefined);

/**
 * The thresholds in force while the emergency posture asks detection to alert on fewer failures: every count
 * threshold scaled by `inForce / baseline` of the posture's detection threshold (failures per hour), never
 * below 2. At or above the baseline the configured thresholds stand.
 */
export function underPosture(config: DetectionConfig, inForce: number, baseline: number): DetectionConfig {
  if (!(inForce > 0 && baseline > 0 && inForce < baseline)) return config;
  const scale = (n: number) => Math.max(2, Math.ceil((n * inForce) / baseline));
  return {
    ...config,
    stuffing: {
      ...config.stuffing,
      minAccounts: scale(config.stuffing.minAccounts),
      minSources: scale(config.stuffing.minSources),
      minPairs: scale(config.stuffing.minPairs),
    },
    spray: { ...config.spray, minAccounts: scale(config.spray.minAccounts) },
    bruteForce: { ...config.bruteForce, minFailures: scale(config.bruteForce.minFailures) },
  };
}
