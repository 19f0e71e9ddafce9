import {
  type ControlName,
  type ControlState,
  type ControlValue,
  controlSpecs,
  effectiveValue,
} from '../core/posture.ts';
import type { Deps } from '../platform/deps.ts';

/** One control after a change: what it was, what it is now, and which incidents still hold it. */
export interface ControlChange {
  before: ControlValue | null;
  after: ControlValue;
  neededBy: string[];
  error?: string;
}

/**
 * Change what one incident needs of a control, then make the control what the open incidents need.
 * `current` is read from the adapter: it becomes the recorded prior value when nobody held the control.
 * An adapter failure is returned, not thrown: the other controls still move.
 */
export async function moveControl(
  deps: Pick<Deps, 'config' | 'posture' | 'postureControls'>,
  control: ControlName,
  change: (state: ControlState | undefined, current: ControlValue) => ControlState | undefined,
): Promise<ControlChange | undefined> {
  let before: ControlValue | null = null;
  let error: string | undefined;
  try {
    before = await deps.postureControls.read(control);
  } catch (e) {
    error = describe(e);
  }
  const spec = controlSpecs(deps.config.posture)[control];
  let touched = false;
  const state = await deps.posture.update(control, (s) => {
    const next = change(s, before ?? spec.baseline);
    touched = next !== undefined;
    return next ?? (s as ControlState);
  });
  if (!touched) return undefined;
  const after = effectiveValue(state);
  if (after !== before && error === undefined) {
    try {
      await deps.postureControls.apply(control, after);
    } catch (e) {
      error = describe(e);
    }
  }
  return { before, after, neededBy: Object.keys(state.needs).sort(), ...(error ? { error } : {}) };
}

/** Every control's effective value, for the record on the incident. */
export async function postureSnapshot(
  deps: Pick<Deps, 'config' | 'posture'>,
): Promise<Record<string, ControlValue>> {
  const specs = controlSpecs(deps.config.posture);
  const states = await deps.posture.all();
  return Object.fromEntries(
    Object.values(specs).map((s) => {
      const state = states[s.name];
      return [s.name, state ? effectiveValue(state) : s.baseline];
    }),
  );
}

export function describe(error: unknown): string {
  return `${(error as Error).name}: ${(error as Error).message}`;
}
