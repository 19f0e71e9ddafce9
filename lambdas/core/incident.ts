import type { Alert } from './alerts.ts';
import type { CaseFields } from './case.ts';
import type { IncidentStatus } from './status.ts';

export type { BranchFailure, BranchResult, BranchSuccess, IncidentStatus } from './status.ts';
export { combineStatus, STATUSES, statusFromBranches } from './status.ts';

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

/** Short error text for a failed branch, from the Step Functions Catch output (Error, Cause). */
export function describeCause(cause: string): string {
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: string; errorType?: string };
    return parsed.errorMessage ?? cause;
  } catch {
    return cause;
  }
}
