import { NamedError } from '../adapters/named-error.ts';
import type { PlannedStage } from '../core/posture.ts';
import type { Deps } from '../platform/deps.ts';
import { holdControl, stageRuns } from './relax-stage.ts';
import { type RelaxInput, scheduleStage } from './schedule-relaxation.ts';

/** What the ladder controls need: the same locally, in Lambda and from the CLI on AWS. */
export type LadderDeps = Pick<Deps, 'incidents' | 'scheduler' | 'clock'>;

/** An analyst's hand on an incident's ladder: hold it, resume it, or run its next stage now. */
export interface LadderRequest {
  incidentId: string;
  by: string;
  reason: string;
}

/** Stages of the incident's ladder not yet relaxed, in order, each with its next attempt number. */
export async function pendingStages(deps: LadderDeps, incidentId: string) {
  const timeline = await deps.incidents.timeline(incidentId);
  const plan = timeline.find((e) => e.action === 'schedule-relaxation')?.data?.stages as
    | PlannedStage[]
    | undefined;
  if (!plan)
    throw new NamedError(
      'NoLadder',
      `incident ${incidentId} has no relaxation ladder (did its playbook tighten the posture?)`,
    );
  return plan
    .map((p) => ({ ...p, runs: stageRuns(timeline, p.stage) }))
    .filter((p) => !p.runs.some((r) => r.data?.outcome === 'relaxed'))
    .map((p) => ({
      stage: p.stage,
      plannedAt: p.at,
      nextAttempt: p.runs.length + 1,
      held: p.runs.at(-1)?.data?.outcome === 'held',
    }));
}

export async function holdLadder(deps: LadderDeps, request: LadderRequest): Promise<void> {
  await setHold(deps, request, true);
}

/** A minute ahead: Scheduler fires with one-minute precision, and a time already past may be refused. */
export const RESUME_LEAD_MS = 60_000;

/** Lift the hold and schedule again, in a minute, every stage a hold stopped; stages not yet due keep theirs. */
export async function resumeLadder(deps: LadderDeps, request: LadderRequest): Promise<RelaxInput[]> {
  await setHold(deps, request, false);
  const now = new Date(deps.clock().getTime() + RESUME_LEAD_MS).toISOString();
  const resumed = (await pendingStages(deps, request.incidentId))
    .filter((s) => s.held)
    .map((s) => ({ incidentId: request.incidentId, stage: s.stage, attempt: s.nextAttempt, plannedAt: now }));
  for (const input of resumed) await scheduleStage(deps.scheduler, input);
  return resumed;
}

/** The input that runs the next pending stage now, past hold and gate, in the analyst's name. */
export async function advanceInput(deps: LadderDeps, request: LadderRequest): Promise<RelaxInput> {
  const next = (await pendingStages(deps, request.incidentId))[0];
  if (!next) throw new NamedError('LadderDone', `every stage of ${request.incidentId} has relaxed already`);
  return {
    incidentId: request.incidentId,
    stage: next.stage,
    attempt: next.nextAttempt,
    plannedAt: deps.clock().toISOString(),
    force: true,
    by: request.by,
  };
}

async function setHold(deps: LadderDeps, { incidentId, by, reason }: LadderRequest, on: boolean) {
  if (!(await deps.incidents.get(incidentId)))
    throw new NamedError('IncidentNotFound', `no incident ${incidentId}`);
  const at = deps.clock().toISOString();
  await deps.incidents.setControl(holdControl(incidentId), { on, by, at, reason });
  await deps.incidents.append(incidentId, `relax-${on ? 'hold' : 'resume'}:${at}`, {
    at,
    actor: `operator/${by}`,
    action: on ? 'relax-hold' : 'relax-resume',
    outcome: 'ok',
    detail: `${on ? 'held' : 'resumed'} the relaxation ladder: ${reason}`,
  });
}
