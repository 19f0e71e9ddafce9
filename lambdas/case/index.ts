/**
 * Case operations: the one place where listing, reading, assigning, noting, judging, reverting, closing
 * and approving an incident live. The CLI (local and --aws) and the console's API Lambda all call these;
 * neither carries a copy of their rules (those are pure, in lambdas/core/case.ts).
 *
 * Every operation takes its deps first (the local runtime's or the deployed stack's: `Deps` or a Pick of
 * it), then, for changes, the `Actor` (who: the caller's IAM ARN on AWS, the signed-in person in the
 * console, $USER locally; via: cli, cli-aws, console, callback). Refusals throw `CaseError`, whose name
 * says why (IncidentNotFound, IncidentClosed, UnknownResponder, InvalidInput, ApprovalNotFound,
 * ApprovalAnswered, ApprovalExpired, SuppressionNotFound), and change nothing.
 *
 *   listIncidents(deps, { status?, since?, limit? })        → IncidentRow[]   newest first, ByMonth index
 *   readIncident(deps, id)                                   → CaseView        incident, status, timeline
 */

export {
  type Actor,
  CaseError,
  type CaseErrorName,
  type CaseStatus,
  caseStatus,
  type IncidentRow,
  VERDICTS,
  type Verdict,
} from '../core/case.ts';
export { type CaseReadDeps, type CaseView, type ListInput, listIncidents, readIncident } from './read.ts';
