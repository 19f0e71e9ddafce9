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
}

export interface GateResult {
  pass: boolean;
  /** Why the gate is shut, one line each; empty when it passes. */
  reasons: string[];
  recurrences: string[];
  resetShare: number | null;
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
  return { pass: reasons.length === 0, reasons, recurrences, resetShare };
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
