import type { Scheduler } from '../adapters/scheduler/port.ts';
import type { Alert } from '../core/alerts.ts';
import type { BranchSuccess } from '../core/incident.ts';
import { ladderFor, NO_ATTACK_NAMED, namesAnAttack, type PlannedStage, planLadder } from '../core/posture.ts';
import { postureDecision, tightenRuleFor } from '../core/posture-rule.ts';
import type { Deps } from '../platform/deps.ts';
import { describe } from './posture.ts';

/** What a schedule hands the relax state machine. */
export interface RelaxInput {
  incidentId: string;
  stage: string;
  attempt: number;
  plannedAt: string;
  /** An analyst's `relax advance`: skip hold and gate. */
  force?: boolean;
  by?: string;
}

/** Deterministic names: a re-delivered step, or a re-fired schedule, creates and starts nothing twice. */
export const scheduleName = (incidentId: string, stage: string, attempt: number) =>
  `riposte-${incidentId}-${stage}-${attempt}`;
export const relaxExecutionName = (incidentId: string, stage: string, attempt: number | string) =>
  `relax-${incidentId}-${stage}-${attempt}`;

export async function scheduleStage(scheduler: Scheduler, input: RelaxInput) {
  return scheduler.createOnce({
    name: scheduleName(input.incidentId, input.stage, input.attempt),
    at: input.plannedAt,
    executionName: relaxExecutionName(input.incidentId, input.stage, input.attempt),
    input,
  });
}

/**
 * The ladder: one one-time schedule per stage of the playbook's ladder, counted from now. A re-run finds
 * the plan already on the timeline and asks for the same schedules again (Scheduler refuses duplicates).
 */
export async function scheduleRelaxation(
  { incidentId, alert }: { incidentId: string; alert: Alert },
  deps: Deps,
): Promise<BranchSuccess> {
  if (!namesAnAttack(alert)) {
    await deps.incidents.append(incidentId, 'schedule-relaxation', {
      at: deps.clock().toISOString(),
      actor: 'riposte/schedule-relaxation',
      action: 'schedule-relaxation',
      outcome: 'skipped',
      detail: `nothing to relax later: ${NO_ATTACK_NAMED}`,
    });
    return { step: 'schedule-relaxation', ok: true, summary: 'nothing to relax', failures: [], stages: [] };
  }
  // The same rule tighten-posture decides by (it runs beside this step): no tightening, nothing to relax.
  const decision = postureDecision(tightenRuleFor(deps.config.posture, alert.playbook), alert);
  if (!decision.tighten) {
    await deps.incidents.append(incidentId, 'schedule-relaxation', {
      at: deps.clock().toISOString(),
      actor: 'riposte/schedule-relaxation',
      action: 'schedule-relaxation',
      outcome: 'skipped',
      detail: `nothing to relax later: the posture was left as it is, ${decision.reason}`,
    });
    return { step: 'schedule-relaxation', ok: true, summary: 'nothing to relax', failures: [], stages: [] };
  }
  const recorded = (await deps.incidents.timeline(incidentId)).find(
    (e) => e.action === 'schedule-relaxation',
  );
  const stages =
    (recorded?.data?.stages as PlannedStage[] | undefined) ??
    planLadder(ladderFor(deps.config.posture, alert.playbook), deps.clock());
  const failures: { target: string; error: string }[] = [];
  for (const { stage, at } of stages) {
    try {
      await scheduleStage(deps.scheduler, { incidentId, stage, attempt: 1, plannedAt: at });
    } catch (error) {
      failures.push({ target: stage, error: describe(error) });
    }
  }
  await deps.incidents.append(incidentId, 'schedule-relaxation', {
    at: deps.clock().toISOString(),
    actor: 'riposte/schedule-relaxation',
    action: 'schedule-relaxation',
    outcome: failures.length === 0 ? 'ok' : 'failed',
    detail: `relaxation ladder: ${stages.map((s) => `${s.stage} at ${s.at}`).join(', ')}${failures.length ? `; not scheduled: ${failures.map((f) => `${f.target} (${f.error})`).join(', ')}` : ''}`,
    data: { stages, failures },
  });
  return {
    step: 'schedule-relaxation',
    ok: true,
    summary: `${stages.length - failures.length} of ${stages.length} relaxation stage(s) scheduled`,
    failures,
    stages,
  };
}
