import { createHash } from 'node:crypto';
import {
  type Actor,
  CaseError,
  caseEntry,
  checkAssignee,
  checkText,
  checkVerdict,
  requireIncident,
  requireOpen,
  type VerdictRecord,
} from '../core/case.ts';
import type { Incident } from '../core/incident.ts';
import type { Deps } from '../platform/deps.ts';

/** What assigning, noting, judging and closing need: the incidents table, a clock, the configuration. */
export type CaseWorkDeps = Pick<Deps, 'incidents' | 'clock' | 'config'>;

/** Give the case an owner: a known responder (riposte.responders); refused on a closed case. */
export async function assignIncident(deps: CaseWorkDeps, actor: Actor, id: string, assignee: string) {
  const incident = await openCase(deps, id, 'assign');
  const owner = checkAssignee(assignee, deps.config.responders);
  const at = deps.clock();
  await update(deps, id, { owner }, at, 'assign');
  const previous = incident.owner ? ` (was ${incident.owner})` : '';
  await deps.incidents.append(
    id,
    `case:assign:${at.toISOString()}:${owner}`,
    caseEntry(actor, at, 'assign', `assigned to ${owner}${previous}`, {
      owner,
      previous: incident.owner ?? null,
    }),
  );
  return { ...incident, owner };
}

/** A note on the timeline. Closed cases take notes too (what happened after closing is worth writing). */
export async function addNote(deps: CaseWorkDeps, actor: Actor, id: string, text: string) {
  requireIncident(id, await deps.incidents.get(id));
  const note = checkText('the note', text);
  const at = deps.clock();
  const digest = createHash('sha256').update(`${actor.id}\n${note}`).digest('hex').slice(0, 16);
  // The same note by the same person in the same instant is one note (a retried request).
  const entry = caseEntry(actor, at, 'note', note, { note });
  await deps.incidents.append(id, `case:note:${at.toISOString()}:${digest}`, entry);
  return entry;
}

/**
 * The analyst's verdict: true-positive, false-positive or benign, with a reason. A later verdict replaces
 * the earlier one (both stay on the timeline); refused on a closed case. Undoing what a false positive did
 * is `revertIncident`.
 */
export async function recordVerdict(
  deps: CaseWorkDeps,
  actor: Actor,
  id: string,
  input: { verdict: string; reason: string },
): Promise<VerdictRecord> {
  const value = checkVerdict(input.verdict);
  const reason = checkText('--reason', input.reason);
  const incident = await openCase(deps, id, 'judge');
  const at = deps.clock();
  const verdict: VerdictRecord = { value, reason, by: actor.id, at: at.toISOString() };
  await update(deps, id, { verdict }, at, 'judge');
  const previous = incident.verdict ? ` (was ${incident.verdict.value})` : '';
  await deps.incidents.append(
    id,
    `case:verdict:${at.toISOString()}:${value}`,
    caseEntry(actor, at, 'verdict', `verdict ${value}${previous}: ${reason}`, { verdict: value, reason }),
  );
  return verdict;
}

/** Close the case with a reason. A second close is refused and names who closed it and when. */
export async function closeIncident(deps: CaseWorkDeps, actor: Actor, id: string, input: { reason: string }) {
  const reason = checkText('--reason', input.reason);
  const incident = await openCase(deps, id, 'close');
  const at = deps.clock();
  const closure = { reason, by: actor.id, at: at.toISOString() };
  await update(deps, id, { closure }, at, 'close');
  await deps.incidents.append(
    id,
    'case:close',
    caseEntry(
      actor,
      at,
      'close',
      `closed (outcome ${incident.status}${incident.verdict ? `, verdict ${incident.verdict.value}` : ''}): ${reason}`,
      {
        reason,
        outcome: incident.status,
        verdict: incident.verdict?.value ?? null,
      },
    ),
  );
  return { ...incident, closure };
}

async function openCase(deps: CaseWorkDeps, id: string, operation: string): Promise<Incident> {
  const incident = requireIncident(id, await deps.incidents.get(id));
  requireOpen(incident, operation);
  return incident;
}

/** The conditional write lost a race (closed in the meantime): re-read and say what happened. */
async function update(
  deps: CaseWorkDeps,
  id: string,
  change: Parameters<CaseWorkDeps['incidents']['updateCase']>[1],
  at: Date,
  operation: string,
): Promise<void> {
  if (await deps.incidents.updateCase(id, change, at)) return;
  const now = requireIncident(id, await deps.incidents.get(id));
  requireOpen(now, operation);
  throw new CaseError('InvalidInput', `could not ${operation} ${id}: it changed while this ran; try again`);
}
