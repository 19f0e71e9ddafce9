import type { AuthEvent } from '../auth-event.ts';
import { type Source, sourceOf } from './sources.ts';

/** A password attempt with a known outcome. */
export class Attempt {
  private resolved?: Source | null;

  constructor(
    readonly time: number,
    readonly user: string,
    readonly failed: boolean,
    /** The source's identity: its IP, else `host:<name>`; the Source itself is built only when asked for. */
    readonly key: string | undefined,
    readonly event: AuthEvent,
  ) {}

  get source(): Source | undefined {
    if (this.resolved === undefined) this.resolved = sourceOf(this.event) ?? null;
    return this.resolved ?? undefined;
  }
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
export function passwordAttempts(
  events: readonly AuthEvent[],
  /** A success matters only from a source that also failed, or when this says it does (risky sign-ins). */
  successMatters: (event: AuthEvent) => boolean = () => true,
): Attempt[] {
  const isAttempt = (event: AuthEvent) => {
    if (event.outcome === 'unknown' || !PASSWORD_CHECKS.has(event.activity)) return false;
    const user = event.user;
    return !(!user || user.endsWith('$') || user === 'anonymous logon' || user === '-');
  };
  // Most sign-ins succeed from sources that never fail: leave them out unless they matter (a day of an office
  // is hundreds of thousands of records).
  const failingSources = new Set<string | undefined>();
  for (const event of events)
    if (event.outcome === 'failure' && isAttempt(event)) failingSources.add(keyOf(event));
  const attempts: Attempt[] = [];
  for (const event of events) {
    if (!isAttempt(event)) continue;
    const key = keyOf(event);
    const failed = event.outcome === 'failure';
    if (!failed && !failingSources.has(key) && !successMatters(event)) continue;
    attempts.push(new Attempt(event.time, event.user, failed, key, event));
  }
  // Deliveries are usually in time order already: check before paying for a sort.
  for (let i = 1; i < attempts.length; i++) {
    if ((attempts[i] as Attempt).time < (attempts[i - 1] as Attempt).time)
      return attempts.sort((a, b) => a.time - b.time);
  }
  return attempts;
}

const keyOf = (event: AuthEvent) =>
  event.sourceIp ?? (event.sourceHost ? `host:${event.sourceHost}` : undefined);

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
