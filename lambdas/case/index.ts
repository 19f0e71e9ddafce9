/**
 * Case operations: the one place where listing, reading, assigning, noting, judging, reverting, closing
 * and approving an incident live. The CLI (local and --aws) and the console's API Lambda all call these;
 * neither carries a copy of their rules (those are pure, in lambdas/core/case.ts).
 *
 * Every operation takes its deps first (the local runtime's or the deployed stack's `Deps`, or a Pick of
 * it), then, for changes, the `Actor` (id: the caller's IAM ARN on AWS, the signed-in person in the
 * console, $USER locally; via: cli, cli-aws, console, callback). Refusals throw `CaseError`, whose name
 * says why (IncidentNotFound, IncidentClosed, UnknownResponder, InvalidInput, ApprovalNotFound,
 * ApprovalAnswered, ApprovalExpired, SuppressionNotFound), and change nothing. Every change is on the
 * incident's timeline with `human/<actor.id>` and `(via)`.
 *
 *   listIncidents(deps, { status?, since?, limit? })           → IncidentRow[]  newest first, ByMonth index
 *   readIncident(deps, id)                                      → CaseView       incident, status, timeline
 *   assignIncident(deps, actor, id, person)                     → Incident       owner set
 *   addNote(deps, actor, id, text)                              → TimelineEntry
 *   recordVerdict(deps, actor, id, { verdict, reason })         → VerdictRecord  true-positive|false-positive|benign
 *   revertIncident(deps, actor, id, { reason })                 → RevertResult   undo what a false positive did
 *   closeIncident(deps, actor, id, { reason })                  → Incident       closure set
 *   listSuppressions(deps, state?)                              → Suppression[]
 *   decideSuppression(deps, actor, 'address:CIDR'|'account:NAME', { accept, reason }) → Suppression
 */

export {
  type Actor,
  CaseError,
  type CaseErrorName,
  type CaseStatus,
  caseStatus,
  type IncidentRow,
  type Suppression,
  VERDICTS,
  type Verdict,
  type VerdictRecord,
} from '../core/case.ts';
export { type CaseReadDeps, type CaseView, type ListInput, listIncidents, readIncident } from './read.ts';
export { type RevertLine, type RevertResult, revertIncident } from './revert.ts';
export { decideSuppression, listSuppressions, type SuppressionDeps } from './suppressions.ts';
export { addNote, assignIncident, type CaseWorkDeps, closeIncident, recordVerdict } from './work.ts';
