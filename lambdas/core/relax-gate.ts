import type { Alert } from './alerts.ts';
import type { Incident, TimelineEntry } from './incident.ts';

export interface GateInput {
  now: Date;
  incident: Incident;
  timeline: readonly TimelineEntry[];
  /** Other incidents: one opened on the same indicators within the window is a recurrence too. */
  others: readonly Incident[];
  /** Users this incident forced to reset, and whether each has changed the password (undefined: unknown). */
  resets: readonly { user: string; changed: boolean | undefined }[];
  recurrenceHours: number;
  minResetShare: number;
  /** MFA enrollment as each configured provider reports it (absent: no MFA provider configured). */
  mfa?: readonly MfaEnrollment[];
  minMfaShare?: number;
  minAdminMfaShare?: number;
  /** The configured CloudWatch alarms and their state (absent: none configured). */
  alarms?: readonly AlarmReading[];
}

/** One provider's enrollment counts, or why it could not count (then the gate holds). */
export type MfaEnrollment =
  | { provider: string; users: number; enrolled: number; admins: number; adminsEnrolled: number }
  | { provider: string; unknown: string };

/** A CloudWatch alarm's state; MISSING when no alarm has that name, UNKNOWN when it could not be read. */
export interface AlarmReading {
  name: string;
  state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA' | 'MISSING' | 'UNKNOWN';
  detail?: string;
}

export interface GateResult {
  pass: boolean;
  /** Why the gate is shut, one line each; empty when it passes. */
  reasons: string[];
  recurrences: string[];
  resetShare: number | null;
  /** Enrollment shares over every measured provider; null when not measured (or unknown). */
  mfaShare?: number | null;
  adminMfaShare?: number | null;
}

/**
 * A stage may relax only when the attack has not come back (no new detection on the incident's indicators
 * within the window) and the users it forced to reset have, by and large, changed their passwords.
 */
export function evaluateGate(input: GateInput): GateResult {
  const since = input.now.getTime() - input.recurrenceHours * 3_600_000;
  const within = (at: string) => {
    const t = Date.parse(at);
    return t > since && t <= input.now.getTime();
  };
  const attached = input.timeline
    .filter((e) => e.action === 'attach-alert' && e.outcome === 'ok')
    .map((e) => (e.data?.alert ?? {}) as Partial<Alert>)
    .filter((a) => typeof a.observedAt === 'string' && within(a.observedAt))
    .map((a) => `alert ${a.alertId} attached (observed ${a.observedAt})`);
  const related = input.others
    .filter((o) => o.id !== input.incident.id && within(o.openedAt) && sharesIndicators(input.incident, o))
    .map((o) => `incident ${o.id} opened ${o.openedAt} on the same indicators`);
  const recurrences = [...attached, ...related];
  const reasons: string[] = [];
  if (recurrences.length > 0)
    reasons.push(`the attack recurred within ${input.recurrenceHours} h: ${recurrences.join('; ')}`);
  const changed = input.resets.filter((r) => r.changed === true).length;
  const resetShare = input.resets.length === 0 ? null : changed / input.resets.length;
  if (resetShare !== null && resetShare < input.minResetShare) {
    const waiting = input.resets.filter((r) => r.changed !== true).map((r) => r.user);
    reasons.push(
      `${changed} of ${input.resets.length} forced password resets done (${Math.round(resetShare * 100)}% < ${Math.round(input.minResetShare * 100)}%); waiting for ${waiting.join(', ')}`,
    );
  }
  const mfa = mfaGate(input, reasons);
  for (const a of input.alarms ?? [])
    if (a.state !== 'OK')
      reasons.push(`alarm ${a.name} is ${a.state}${a.detail ? ` (${a.detail})` : ''}, not OK`);
  return { pass: reasons.length === 0, reasons, recurrences, resetShare, ...mfa };
}

const pct = (share: number) => `${Math.round(share * 1000) / 10}%`;

/**
 * MFA enrollment ≥ minMfaShare overall and ≥ minAdminMfaShare for administrators, summed over the providers.
 * A provider that cannot report holds the gate: it never passes on a guess.
 */
function mfaGate(input: GateInput, reasons: string[]) {
  if (!input.mfa || input.mfa.length === 0) return {};
  const unknown = input.mfa.filter((m) => 'unknown' in m);
  for (const m of unknown)
    reasons.push(
      `MFA enrollment unknown: ${m.provider} could not report it (${(m as { unknown: string }).unknown})`,
    );
  const counted = input.mfa.filter((m) => !('unknown' in m)) as Extract<MfaEnrollment, { users: number }>[];
  const sum = (k: 'users' | 'enrolled' | 'admins' | 'adminsEnrolled') =>
    counted.reduce((n, m) => n + m[k], 0);
  const mfaShare = unknown.length > 0 || sum('users') === 0 ? null : sum('enrolled') / sum('users');
  const adminMfaShare =
    unknown.length > 0 || sum('admins') === 0 ? null : sum('adminsEnrolled') / sum('admins');
  const min = input.minMfaShare ?? 0.8;
  const minAdmins = input.minAdminMfaShare ?? 1;
  if (mfaShare !== null && mfaShare < min)
    reasons.push(
      `MFA enrollment ${sum('enrolled')} of ${sum('users')} users (${pct(mfaShare)} < ${pct(min)})`,
    );
  if (adminMfaShare !== null && adminMfaShare < minAdmins)
    reasons.push(
      `MFA enrollment of administrators ${sum('adminsEnrolled')} of ${sum('admins')} (${pct(adminMfaShare)} < ${pct(minAdmins)})`,
    );
  return { mfaShare, adminMfaShare };
}

/** Indicators tie two incidents when they share a source address or a targeted account. */
function sharesIndicators(a: Incident, b: Incident): boolean {
  const ips = new Set(a.sourceIps);
  const users = new Set([...a.targetedUsers, ...a.compromisedUsers]);
  return (
    b.sourceIps.some((ip) => ips.has(ip)) ||
    [...b.targetedUsers, ...b.compromisedUsers].some((u) => users.has(u))
  );
}
