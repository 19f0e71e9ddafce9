import { NamedError } from '../adapters/named-error.ts';
import { addHours } from '../core/clock.ts';
import type { TimelineEntry } from '../core/incident.ts';
import { controlSpecs, ladderFor, releaseNeed } from '../core/posture.ts';
import { evaluateGate } from '../core/relax-gate.ts';
import type { Deps } from '../platform/deps.ts';
import { type ControlChange, describe, moveControl, postureSnapshot } from './posture.ts';
import { type RelaxInput, scheduleStage } from './schedule-relaxation.ts';

/** failed: a control could not be applied; the stage stays pending, so `relax advance` runs it again. */
export type StageOutcome = 'relaxed' | 'postponed' | 'held' | 'failed' | 'already-relaxed';

const TIMELINE_OUTCOME = {
  relaxed: 'ok',
  postponed: 'planned',
  held: 'skipped',
  failed: 'failed',
  'already-relaxed': 'skipped',
} as const;

/** The operator switch that holds an incident's ladder. */
export const holdControl = (incidentId: string) => `relax-hold:${incidentId}`;

/**
 * One rung of the ladder: if the ladder is held, record it and stop; if the gate is shut, schedule the
 * stage again later, page and record why; otherwise restore exactly the controls the stage names.
 */
export async function relaxStage(
  input: RelaxInput,
  deps: Deps,
): Promise<{ outcome: StageOutcome } & Record<string, unknown>> {
  const { incidentId, stage: stageName, attempt } = input;
  const incident = await deps.incidents.get(incidentId);
  if (!incident) throw new NamedError('IncidentNotFound', `no incident ${incidentId}: nothing to relax`);
  const stage = ladderFor(deps.config.posture, incident.playbook).find((s) => s.name === stageName);
  if (!stage)
    throw new NamedError('UnknownStage', `the ${incident.playbook} ladder has no stage "${stageName}"`);
  const timeline = await deps.incidents.timeline(incidentId);
  if (stageRuns(timeline, stageName).some((e) => e.data?.outcome === 'relaxed'))
    return { outcome: 'already-relaxed' };
  const now = deps.clock();
  const record = (outcome: StageOutcome, detail: string, data: Record<string, unknown>) =>
    deps.incidents.append(incidentId, `relax-stage:${stageName}:${attempt}`, {
      at: now.toISOString(),
      actor: input.force ? `operator/${input.by ?? 'unknown'}` : 'riposte/relax',
      action: 'relax-stage',
      outcome: TIMELINE_OUTCOME[outcome],
      detail,
      data: { stage: stageName, attempt, plannedAt: input.plannedAt, outcome, ...data },
    });

  if (!input.force && (await deps.incidents.control(holdControl(incidentId)))?.on) {
    await record(
      'held',
      `stage ${stageName} not run: the ladder is on hold (riposte relax resume continues it)`,
      {},
    );
    return { outcome: 'held' };
  }

  if (!input.force) {
    const gate = evaluateGate({
      now,
      incident,
      timeline,
      others: await deps.incidents.list(),
      resets: await resetStates(deps, timeline),
      recurrenceHours: deps.config.posture.recurrenceHours,
      minResetShare: deps.config.posture.minResetShare,
      ...(await normalization(deps)),
    });
    if (!gate.pass) {
      const next = {
        ...input,
        attempt: attempt + 1,
        plannedAt: addHours(now, deps.config.posture.postponeHours).toISOString(),
      };
      await scheduleStage(deps.scheduler, next);
      const detail = `stage ${stageName} postponed to ${next.plannedAt}: ${gate.reasons.join('; ')}`;
      const paged = await deps.pager
        .publish({
          subject: `riposte ${incidentId}: relaxation postponed (${stageName})`.slice(0, 100),
          message: `${incident.title}\n${detail}\nHold with: riposte relax hold ${incidentId}`,
          key: `${incidentId}:relax:${stageName}:${attempt}`,
        })
        .then(
          () => null,
          (error) => describe(error),
        );
      await record('postponed', detail, {
        reasons: gate.reasons,
        nextAt: next.plannedAt,
        ...(gate.mfaShare !== undefined
          ? { mfaShare: gate.mfaShare, adminMfaShare: gate.adminMfaShare }
          : {}),
        ...(paged ? { pageError: paged } : {}),
      });
      return { outcome: 'postponed', reasons: gate.reasons, nextAt: next.plannedAt };
    }
  }

  const specs = controlSpecs(deps.config.posture);
  const controls: Record<string, ControlChange> = {};
  const moves = [
    ...stage.partlyLift.map((name) => [name, specs[name].partial] as const),
    ...stage.restore.map((name) => [name, undefined] as const),
  ];
  for (const [name, to] of moves) {
    const change = await moveControl(deps, name, (state) =>
      state ? releaseNeed(state, incidentId, to) : undefined,
    );
    if (change) controls[name] = change;
  }
  const failed = Object.entries(controls).filter(([, c]) => c.error);
  const posture = await postureSnapshot(deps);
  await record(
    failed.length > 0 ? 'failed' : 'relaxed',
    `stage ${stageName}${input.force ? ` advanced by ${input.by ?? 'an operator'}` : ''}: ${
      Object.entries(controls)
        .map(
          ([n, c]) =>
            `${n} ${c.before} → ${c.after}${c.neededBy.length ? ` (still held by ${c.neededBy.join(', ')})` : ''}`,
        )
        .join(', ') || 'nothing this incident still held'
    }${failed.length ? `; not applied: ${failed.map(([n, c]) => `${n} (${c.error})`).join(', ')}` : ''}`,
    { controls, posture },
  );
  if (failed.length > 0)
    throw new NamedError(
      'PostureNotApplied',
      `stage ${stageName}: ${failed.map(([n, c]) => `${n}: ${c.error}`).join('; ')}`,
    );
  return { outcome: 'relaxed', controls, posture };
}

/**
 * The normalization criteria read afresh: MFA enrollment from each provider require-mfa switches (one that
 * cannot report says unknown, which holds the gate) and the configured CloudWatch alarms.
 */
async function normalization(deps: Deps) {
  const { posture } = deps.config;
  const mfa = await Promise.all(
    deps.mfa.map((e) =>
      e.enrollment().catch((error) => ({ provider: e.provider, unknown: describe(error) })),
    ),
  );
  const alarms =
    posture.okAlarms.length === 0
      ? []
      : await deps.alarms
          .read(posture.okAlarms)
          .catch((error) =>
            posture.okAlarms.map((name) => ({ name, state: 'UNKNOWN' as const, detail: describe(error) })),
          );
  return { mfa, alarms, minMfaShare: posture.minMfaShare, minAdminMfaShare: posture.minAdminMfaShare };
}

/** Every recorded run of a stage, oldest first. */
export function stageRuns(timeline: readonly TimelineEntry[], stage: string): TimelineEntry[] {
  return timeline.filter((e) => e.action === 'relax-stage' && e.data?.stage === stage);
}

/** The users this incident forced to reset, each asked again whether the password has been changed. */
async function resetStates(deps: Deps, timeline: readonly TimelineEntry[]) {
  const resets = timeline.filter((e) => e.action === 'force-password-reset' && e.outcome === 'ok');
  return Promise.all(
    resets.map(async (e) => {
      const user = String(e.data?.user);
      const provider = deps.identityProviders.find((p) => p.name === e.data?.provider);
      try {
        const state = await provider?.getState(user);
        return { user, changed: state ? state.passwordStatus === 'CONFIRMED' : undefined };
      } catch {
        // Unknown counts as not changed: the gate stays shut rather than relax on a guess.
        return { user, changed: undefined };
      }
    }),
  );
}
