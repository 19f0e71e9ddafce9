import type { Alert } from '../core/alerts.ts';
import type { BranchSuccess } from '../core/incident.ts';
import { addNeed, controlSpecs, NO_ATTACK_NAMED, namesAnAttack } from '../core/posture.ts';
import { postureDecision, tightenRuleFor } from '../core/posture-rule.ts';
import type { Deps } from '../platform/deps.ts';
import { type ControlChange, moveControl, postureSnapshot } from './posture.ts';

/** A joining alert's decision is its own timeline entry: the first alert's is not overwritten. */
function generationSuffix(incidentId: string, alert: Alert): string {
  return alert.incidentId === incidentId ? `:${alert.alertId}` : '';
}

/**
 * The emergency posture, as one containment branch: this incident needs every control at its emergency
 * value. Controls another incident holds stricter stay as they are; the prior value of each is recorded.
 */
export async function tightenPosture(
  { incidentId, alert }: { incidentId: string; alert: Alert },
  deps: Deps,
): Promise<BranchSuccess> {
  if (!namesAnAttack(alert)) {
    await deps.incidents.append(incidentId, 'tighten-posture', {
      at: deps.clock().toISOString(),
      actor: 'riposte/tighten-posture',
      action: 'tighten-posture',
      outcome: 'skipped',
      detail: `posture left as it is: ${NO_ATTACK_NAMED}`,
    });
    return {
      step: 'tighten-posture',
      ok: true,
      summary: 'posture left as it is',
      failures: [],
      // Nothing attacked is nothing contained: the incident stays open for a person to triage.
      handedOver: true,
    };
  }
  const decision = postureDecision(tightenRuleFor(deps.config.posture, alert.playbook), alert);
  if (!decision.tighten) {
    await deps.incidents.append(incidentId, `tighten-posture${generationSuffix(incidentId, alert)}`, {
      at: deps.clock().toISOString(),
      actor: 'riposte/tighten-posture',
      action: 'tighten-posture',
      outcome: 'skipped',
      detail: `posture left as it is, ${decision.reason} (posture.tightenWhen)`,
      data: { decision },
    });
    return {
      step: 'tighten-posture',
      ok: true,
      summary: `posture left as it is, ${decision.reason}`,
      failures: [],
      decision,
    };
  }
  const specs = controlSpecs(deps.config.posture);
  const controls: Record<string, ControlChange> = {};
  const failures: { target: string; error: string }[] = [];
  for (const name of decision.controls) {
    const change = await moveControl(deps, name, (state, current) =>
      addNeed(state, incidentId, specs[name].emergency, current),
    );
    if (!change) continue;
    controls[name] = change;
    if (change.error) failures.push({ target: name, error: change.error });
  }
  const posture = await postureSnapshot(deps);
  const tightened = Object.entries(controls).filter(([, c]) => c.before !== c.after);
  await deps.incidents.append(incidentId, 'tighten-posture', {
    at: deps.clock().toISOString(),
    actor: 'riposte/tighten-posture',
    action: 'tighten-posture',
    outcome: failures.length === 0 ? 'ok' : 'failed',
    detail: `emergency posture, ${decision.reason}: ${tightened.map(([n, c]) => `${n} ${c.before} → ${c.after}`).join(', ') || 'already in force'}${failures.length ? `; not applied: ${failures.map((f) => `${f.target} (${f.error})`).join(', ')}` : ''}`,
    data: { controls, posture, decision },
  });
  return {
    step: 'tighten-posture',
    ok: true,
    summary: `${tightened.length} control(s) tightened (${decision.reason}), ${failures.length} failure(s)`,
    failures,
    posture,
    decision,
  };
}
