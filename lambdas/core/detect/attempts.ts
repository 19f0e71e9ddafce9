import type { AuthEvent } from '../auth-event.ts';
import { type Source, sourceOf } from './sources.ts';

/** A password attempt with a known outcome, its source resolved once. */
export interface Attempt {
  time: number;
  user: string;
  failed: boolean;
  source: Source | undefined;
  event: AuthEvent;
}

const PASSWORD_CHECKS: ReadonlySet<string> = new Set([
  'logon',
  'credential-validation',
  'authentication-ticket',
]);

/**
 * Password attempts by people's accounts, in time order. Machine accounts (NAME$) and anonymous logons are
 * the domain's own plumbing, and service tickets (4769) or lockouts check no password.
 */
export function passwordAttempts(events: readonly AuthEvent[]): Attempt[] {
  const attempts: Attempt[] = [];
  for (const event of events) {
    if (event.outcome === 'unknown' || !PASSWORD_CHECKS.has(event.activity)) continue;
    const user = event.user;
    if (!user || user.endsWith('$') || user === 'anonymous logon' || user === '-') continue;
    attempts.push({
      time: event.time,
      user,
      failed: event.outcome === 'failure',
      source: sourceOf(event),
      event,
    });
  }
  return attempts.sort((a, b) => a.time - b.time);
}

/** Group items by a key, keeping their order. */
export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === undefined) continue;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
