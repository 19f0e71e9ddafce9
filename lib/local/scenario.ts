import { z } from 'zod';
import { isPlausibleIso, TIME_RANGE } from '../../lambdas/core/clock.ts';

/**
 * A scenario is JSON lines: EventBridge events (alerts), plus optional
 *   {"seed":{"users":["alice",{"name":"bob","sessions":2,"enabled":false}]}}  accounts that exist, and
 *   {"log":{…},"source":"app","timestamp":"…"}                                  log records for the evidence,
 *   {"passwordChanged":{"user":"alice","at":"…"}}                               a user completing a forced reset.
 *   {"fault":{"provider":"cognito","error":"TooManyRequestsException","times":1}} identity-provider faults
 *     for the calls after this line (`"times":"always"`: the provider stays down).
 * Seed users may carry `"groups":["executives"]` (the VIP rule reads them).
 * Without a seed line, every user an event names exists with one active session.
 */
export type ScenarioItem =
  | { line: number; kind: 'event'; event: unknown }
  | { line: number; kind: 'seed'; users: SeedUser[] }
  | { line: number; kind: 'log'; source: string; timestamp: string; record: unknown }
  | { line: number; kind: 'password-change'; user: string; at: string }
  | { line: number; kind: 'fault'; provider: string; error: string; times: number }
  | { line: number; kind: 'invalid'; error: string };

export interface SeedUser {
  name: string;
  sessions: number;
  enabled: boolean;
  groups?: string[];
}

const SeedLine = z.object({
  seed: z.object({
    users: z.array(
      z.union([
        z.string().min(1),
        z.object({
          name: z.string().min(1),
          sessions: z.number().int().min(0).default(1),
          enabled: z.boolean().default(true),
          groups: z.array(z.string().min(1)).optional(),
        }),
      ]),
    ),
  }),
});
const isoTime = z.iso.datetime({ offset: true }).refine(isPlausibleIso, `must be a time ${TIME_RANGE}`);
const PasswordChangeLine = z.object({
  passwordChanged: z.object({ user: z.string().min(1), at: isoTime }),
});
const FaultLine = z.object({
  fault: z.object({
    provider: z.string().min(1),
    error: z.string().min(1),
    times: z.union([z.number().int().min(1), z.literal('always')]).default(1),
  }),
});
const LogLine = z.object({
  log: z.unknown(),
  source: z.string().default('scenario'),
  timestamp: isoTime,
});

export function parseScenario(text: string): ScenarioItem[] {
  // A whole-file JSON document (one pretty-printed event, or an array of events) is read as events too.
  const whole = parseWhole(text);
  if (whole !== undefined) {
    return (Array.isArray(whole) ? whole : [whole]).map((event, i) => ({
      line: i + 1,
      kind: 'event',
      event,
    }));
  }
  const items: ScenarioItem[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '' || raw.trimStart().startsWith('//')) return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      items.push({ line, kind: 'invalid', error: `line ${line} is not JSON: ${(error as Error).message}` });
      return;
    }
    if (isObject(value) && 'seed' in value) {
      const seed = SeedLine.safeParse(value);
      if (!seed.success)
        items.push({ line, kind: 'invalid', error: `line ${line}: seed: ${seed.error.issues[0]?.message}` });
      else {
        const users = seed.data.seed.users.map((u) =>
          typeof u === 'string' ? { name: u, sessions: 1, enabled: true } : u,
        );
        items.push({ line, kind: 'seed', users });
      }
    } else if (isObject(value) && 'passwordChanged' in value) {
      const change = PasswordChangeLine.safeParse(value);
      if (!change.success)
        items.push({
          line,
          kind: 'invalid',
          error: `line ${line}: passwordChanged: ${change.error.issues[0]?.message}`,
        });
      else items.push({ line, kind: 'password-change', ...change.data.passwordChanged });
    } else if (isObject(value) && 'fault' in value) {
      const fault = FaultLine.safeParse(value);
      if (!fault.success)
        items.push({
          line,
          kind: 'invalid',
          error: `line ${line}: fault: ${fault.error.issues[0]?.message}`,
        });
      else {
        const { provider, error, times } = fault.data.fault;
        items.push({
          line,
          kind: 'fault',
          provider,
          error,
          times: times === 'always' ? Number.MAX_SAFE_INTEGER : times,
        });
      }
    } else if (isObject(value) && 'log' in value) {
      const log = LogLine.safeParse(value);
      if (!log.success)
        items.push({ line, kind: 'invalid', error: `line ${line}: log: ${log.error.issues[0]?.message}` });
      else
        items.push({
          line,
          kind: 'log',
          source: log.data.source,
          timestamp: log.data.timestamp,
          record: log.data.log,
        });
    } else {
      items.push({ line, kind: 'event', event: value });
    }
  });
  return items;
}

function parseWhole(text: string): unknown {
  if (!/^\s*[[{]/.test(text) || !text.includes('\n')) return undefined;
  try {
    // JSON lines with several documents fail here and are read line by line instead.
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Users an event names (targeted and compromised), for the default identity store. */
export function usersNamedBy(event: unknown): string[] {
  if (!isObject(event) || !isObject(event.detail)) return [];
  const detail = event.detail;
  return [detail.targetedUsers, detail.compromisedUsers]
    .flatMap((list) => (Array.isArray(list) ? list : []))
    .filter((u): u is string => typeof u === 'string' && u.length > 0);
}

/** When an event happened, for the local log store: its own time, else the detection's observation time. */
export function eventTime(event: unknown, fallback: Date): string {
  if (isObject(event)) {
    const detail = isObject(event.detail) ? event.detail : {};
    for (const candidate of [detail.observedAt, event.time]) {
      // An impossible time never moves the clock: the alert itself is rejected for it.
      if (typeof candidate === 'string' && isPlausibleIso(candidate))
        return new Date(candidate).toISOString();
    }
  }
  return fallback.toISOString();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
