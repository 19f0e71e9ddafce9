import { CONTROL_NAMES, type ControlValue, controlSpecs, effectiveValue } from '../core/posture.ts';
import type { Deps } from '../platform/deps.ts';

/** One control as `riposte posture` shows it. */
export interface ControlReport {
  control: string;
  unit: string;
  baseline: ControlValue;
  emergency: ControlValue;
  /** What the open incidents need (the strictest), or the recorded prior value. */
  effective: ControlValue;
  /** What the adapter says is in force; null when it could not be read. */
  applied: ControlValue | null;
  prior: ControlValue | null;
  neededBy: Record<string, ControlValue>;
}

/** Every posture control: baseline, emergency, what is in force and which incidents hold it (CLI and console). */
export async function postureReport(
  deps: Pick<Deps, 'config' | 'posture' | 'postureControls'>,
): Promise<ControlReport[]> {
  const specs = controlSpecs(deps.config.posture);
  const states = await deps.posture.all();
  return Promise.all(
    CONTROL_NAMES.map(async (name) => {
      const spec = specs[name];
      const state = states[name];
      return {
        control: name,
        unit: spec.unit,
        baseline: spec.baseline,
        emergency: spec.emergency,
        effective: state ? effectiveValue(state) : spec.baseline,
        applied: await deps.postureControls.read(name).catch(() => null),
        prior: state?.prior ?? null,
        neededBy: state?.needs ?? {},
      };
    }),
  );
}
