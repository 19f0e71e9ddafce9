/**
 * The words an incident's outcome is told in, each with one meaning. This is the one definition: the
 * playbooks' outcome step, the page, the CLI summary and the report all read it (docs/outcomes.md).
 * Case work (lambdas/core/case.ts) adds `closed` and verdicts on top without changing these.
 */
export const STATUSES = {
  contained: {
    headline: 'CONTAINED',
    tone: 'good',
    meaning:
      'every source the guardrails allow was handed to a block (the single writer records when it is live) and every compromised account was contained; nothing failed, nothing was handed to a person',
  },
  partial: {
    headline: 'PARTIALLY CONTAINED, action needed',
    tone: 'warn',
    meaning:
      'something was done, but a step or a target failed or was refused (an account left uncontained, a block not approved): a person must finish it',
  },
  failed: {
    headline: 'CONTAINMENT FAILED, action needed',
    tone: 'bad',
    meaning: 'every step failed: nothing was contained',
  },
  open: {
    headline: 'OPEN, handed to a person',
    tone: 'info',
    meaning:
      'nothing failed, but the work was handed to a person (an account to watch, a host or a caller to fix), or it was a dry run that changed nothing',
  },
  'no-action': {
    headline: 'NO ACTION POSSIBLE',
    tone: 'info',
    meaning:
      'there was nothing riposte could do: no address the guardrails allow, no compromised account; the refusals are on the timeline',
  },
  blocked: {
    headline: 'BLOCKED',
    tone: 'good',
    meaning: 'manual block-ips: every address the guardrails allow was handed to the block writer',
  },
  unblocked: {
    headline: 'UNBLOCKED',
    tone: 'good',
    meaning: 'manual unblock-ips: every address given was handed to the writer for removal from every layer',
  },
} as const satisfies Record<
  string,
  { headline: string; tone: 'good' | 'warn' | 'bad' | 'info'; meaning: string }
>;

export type IncidentStatus = keyof typeof STATUSES;
/** Every status word, for schemas and option checks. */
export const STATUS_NAMES = Object.keys(STATUSES) as [IncidentStatus, ...IncidentStatus[]];
export type StatusTone = (typeof STATUSES)[IncidentStatus]['tone'];

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

/** The manual playbooks end in their own words; every other playbook is an attack response. */
const MANUAL_DONE: Record<string, IncidentStatus> = { 'block-ips': 'blocked', 'unblock-ips': 'unblocked' };

/**
 * The status of one execution from its branches' results (see STATUSES for each word's meaning):
 * dry run only → open; every branch failed → failed; a failed branch or target → partial; work handed
 * over → open; nothing done by the steps that contain (no address blocked, no account contained, nothing
 * failed) → no-action; else contained, or the manual playbook's own word.
 */
export function statusFromBranches(results: readonly BranchResult[], playbook?: string): IncidentStatus {
  if (results.length > 0 && results.every((r) => r.ok && r.dryRun === true)) return 'open';
  const failedBranches = results.filter((r) => !r.ok).length;
  if (results.length > 0 && failedBranches === results.length) return 'failed';
  const targetFailures = results.some((r) => r.ok && r.failures.length > 0);
  if (failedBranches > 0 || targetFailures) return 'partial';
  if (results.some((r) => r.ok && r.handedOver === true)) return 'open';
  if (nothingDone(results)) return 'no-action';
  return (playbook && MANUAL_DONE[playbook]) || 'contained';
}

/** Steps whose result says what they changed: an explicitly empty list means they changed nothing. */
const DONE_BY: Record<string, string[]> = {
  'block-ips': ['blocked'],
  'contain-accounts': ['accounts'],
  'unblock-ips': ['unblocked'],
};
/** Steps that accompany containment but are not containment themselves. */
const ALONGSIDE = new Set(['seal-evidence', 'tighten-posture', 'schedule-relaxation']);

function nothingDone(results: readonly BranchResult[]): boolean {
  const acting = results.filter((r) => r.ok && !ALONGSIDE.has(r.step));
  if (acting.length === 0 || acting.some((r) => !DONE_BY[r.step])) return false;
  return acting.every((r) =>
    (DONE_BY[r.step] ?? []).every((field) => {
      const done = (r as BranchSuccess)[field];
      return Array.isArray(done) && done.length === 0;
    }),
  );
}

/**
 * The incident's status once another execution (a joining alert of the campaign) reports: the worst
 * outcome stands until a person closes the case, and an execution that could do nothing changes nothing.
 * `first` is the execution of the alert that opened the incident.
 */
export function combineStatus(
  previous: IncidentStatus,
  current: IncidentStatus,
  first: boolean,
): IncidentStatus {
  if (first) return current;
  if (current === 'no-action') return previous;
  if (previous === 'no-action') return current;
  if (previous === 'failed' && current === 'failed') return 'failed';
  if (previous === 'failed' || current === 'failed') return 'partial';
  const rank: IncidentStatus[] = ['contained', 'blocked', 'unblocked', 'open', 'partial'];
  return rank.indexOf(current) > rank.indexOf(previous) ? current : previous;
}
