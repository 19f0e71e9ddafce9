import type { Alert } from './alerts.ts';
import type { CaseFields } from './case.ts';

export type IncidentStatus = 'open' | 'contained' | 'partial' | 'failed';

/** Case fields (owner, verdict, closure: lambdas/core/case.ts) sit beside what the playbooks write. */
export interface Incident extends CaseFields {
  id: string;
  playbook: string;
  title: string;
  severity: number;
  status: IncidentStatus;
  openedAt: string;
  updatedAt: string;
  alertIds: string[];
  sourceIps: string[];
  targetedUsers: string[];
  compromisedUsers: string[];
  /** Status most recently announced to the response team; a page goes out when it differs. */
  pagedStatus?: IncidentStatus;
}

export type Outcome = 'ok' | 'refused' | 'failed' | 'skipped' | 'planned';

/** One append-only line of an incident's timeline: who did what, when, why, and how it went. */
export interface TimelineEntry {
  at: string;
  actor: string;
  action: string;
  outcome: Outcome;
  detail: string;
  /** Structured facts (addresses, users, hashes) for reports and undo. */
  data?: Record<string, unknown>;
}

/** What each parallel branch of a containment playbook hands to the outcome step. */
export interface BranchSuccess {
  step: string;
  ok: true;
  summary: string;
  /** Targets (users, addresses) the branch could not act on, each with its error. */
  failures: { target: string; error: string }[];
  [detail: string]: unknown;
}
/** Shaped by the playbook's Catch from Step Functions' {Error, Cause}. */
export interface BranchFailure {
  step: string;
  ok: false;
  error: string;
  cause: string;
}
export type BranchResult = BranchSuccess | BranchFailure;

export function newIncident(id: string, alert: Alert, now: Date): Incident {
  return {
    id,
    playbook: alert.playbook,
    title: alert.title || `${alert.type} (${alert.alertId})`,
    severity: alert.severity,
    status: 'open',
    openedAt: now.toISOString(),
    updatedAt: now.toISOString(),
    alertIds: [alert.alertId],
    sourceIps: [...alert.sourceIps],
    targetedUsers: [...alert.targetedUsers],
    compromisedUsers: [...alert.compromisedUsers],
  };
}

/**
 * contained: every branch ran, nothing in it failed, and no branch handed work over to a human.
 * open: nothing failed but a branch handed work over (handedOver: an account to watch, a host or a
 *   caller to fix), or everything was a dry run.
 * partial: some work failed (a branch, or a target within a branch) but something was done.
 * failed: every branch failed.
 */
export function statusFromBranches(results: readonly BranchResult[]): IncidentStatus {
  // A dry run changes nothing: the incident stays open.
  if (results.length > 0 && results.every((r) => r.ok && r.dryRun === true)) return 'open';
  const failedBranches = results.filter((r) => !r.ok).length;
  if (results.length > 0 && failedBranches === results.length) return 'failed';
  const targetFailures = results.some((r) => r.ok && r.failures.length > 0);
  if (failedBranches > 0 || targetFailures) return 'partial';
  // Work handed to a human (an account to watch, a host or caller to fix) is not contained yet.
  return results.some((r) => r.ok && r.handedOver === true) ? 'open' : 'contained';
}

/** Short error text for a failed branch, from the Step Functions Catch output (Error, Cause). */
export function describeCause(cause: string): string {
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: string; errorType?: string };
    return parsed.errorMessage ?? cause;
  } catch {
    return cause;
  }
}
