import { NamedError } from '../adapters/named-error.ts';
import { addNeed, CONTROL_NAMES, type ControlName, controlSpecs, releaseNeed } from '../core/posture.ts';
import type { Deps } from '../platform/deps.ts';
import { type ControlChange, moveControl, postureSnapshot } from './posture.ts';

/** What the posture needs from deps: the same in Lambda, locally and from the CLI with --aws. */
export type PostureDeps = Pick<Deps, 'config' | 'clock' | 'incidents' | 'posture' | 'postureControls'>;

/** A person's (or a revert's) hand on an incident's emergency posture. */
export interface PostureRequest {
  incidentId: string;
  /** Who asks (an operator, an analyst, or an action such as a false-positive revert). */
  by: string;
  reason: string;
  /** Tighten only: these controls (default every control); release always drops every need of the incident. */
  controls?: readonly ControlName[];
}

export interface PostureChange {
  incidentId: string;
  action: 'tighten' | 'release';
  /** Each control the incident's need changed, before → after. */
  controls: Record<string, ControlChange>;
  failures: { target: string; error: string }[];
  /** Every control's effective value afterwards. */
  posture: Record<string, unknown>;
}

/**
 * This incident needs the given controls (default all) at their emergency value. Controls another incident
 * holds stricter stay as they are; the prior value of each is recorded so release puts it back.
 */
export async function tightenPostureFor(deps: PostureDeps, request: PostureRequest): Promise<PostureChange> {
  await requireIncident(deps, request.incidentId);
  const specs = controlSpecs(deps.config.posture);
  const names = request.controls ?? CONTROL_NAMES;
  return change(
    deps,
    request,
    'tighten',
    names,
    (name) => (state, current) => addNeed(state, request.incidentId, specs[name].emergency, current),
  );
}

/**
 * Drop every need this incident has of the posture: each control returns to the strictest value the other
 * open incidents still need, or to its recorded prior value when none does. Idempotent: an incident that
 * holds nothing changes nothing. The false-positive revert and `riposte posture release` both call this.
 */
export async function releasePostureFor(deps: PostureDeps, request: PostureRequest): Promise<PostureChange> {
  await requireIncident(deps, request.incidentId);
  return change(
    deps,
    request,
    'release',
    CONTROL_NAMES,
    () => (state) =>
      state && state.needs[request.incidentId] !== undefined
        ? releaseNeed(state, request.incidentId)
        : undefined,
  );
}

async function change(
  deps: PostureDeps,
  request: PostureRequest,
  action: 'tighten' | 'release',
  names: readonly ControlName[],
  update: (name: ControlName) => Parameters<typeof moveControl>[2],
): Promise<PostureChange> {
  const controls: Record<string, ControlChange> = {};
  const failures: { target: string; error: string }[] = [];
  for (const name of names) {
    const moved = await moveControl(deps, name, update(name));
    if (!moved) continue;
    controls[name] = moved;
    if (moved.error) failures.push({ target: name, error: moved.error });
  }
  const posture = await postureSnapshot(deps);
  const at = deps.clock().toISOString();
  const changed = Object.entries(controls).filter(([, c]) => c.before !== c.after);
  await deps.incidents.append(request.incidentId, `posture-${action}:${at}`, {
    at,
    actor: `operator/${request.by}`,
    action: `posture-${action}`,
    outcome: failures.length === 0 ? 'ok' : 'failed',
    detail: `${action === 'tighten' ? 'tightened' : 'released'} the posture for ${request.incidentId} (${request.reason}): ${changed.map(([n, c]) => `${n} ${c.before} → ${c.after}`).join(', ') || (Object.keys(controls).length > 0 ? 'no effective value changed' : 'the incident held no control')}${failures.length ? `; not applied: ${failures.map((f) => `${f.target} (${f.error})`).join(', ')}` : ''}`,
    data: { controls, posture, by: request.by, reason: request.reason },
  });
  return { incidentId: request.incidentId, action, controls, failures, posture };
}

async function requireIncident(deps: PostureDeps, incidentId: string): Promise<void> {
  if (!(await deps.incidents.get(incidentId)))
    throw new NamedError(
      'IncidentNotFound',
      `no incident ${incidentId}: check the id with \`riposte incidents\``,
    );
}
