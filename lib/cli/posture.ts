import type { RiposteConfig } from '../../lambdas/core/config.ts';
import {
  CONTROL_NAMES,
  type ControlValue,
  controlSpecs,
  effectiveValue,
} from '../../lambdas/core/posture.ts';
import type { Deps } from '../../lambdas/platform/deps.ts';
import { LocalRuntime } from '../local/runtime.ts';

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

export async function postureReport(deps: Deps): Promise<ControlReport[]> {
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

export async function localPosture(stateDir: string, config: RiposteConfig): Promise<ControlReport[]> {
  const runtime = await LocalRuntime.start({ stateDir, config });
  try {
    return await postureReport(runtime.deps);
  } finally {
    await runtime.close();
  }
}

export function renderPosture(controls: readonly ControlReport[]): string {
  const rows = controls.map((c) => [
    c.control,
    String(c.applied ?? '?'),
    String(c.baseline),
    String(c.emergency),
    Object.entries(c.neededBy)
      .map(([id, v]) => `${id}=${v}`)
      .join(', ') || '—',
  ]);
  const header = ['control', 'in force', 'baseline', 'emergency', 'held by (incident=need)'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const drift = controls.filter((c) => c.applied !== null && c.applied !== c.effective);
  return [
    line(header),
    ...rows.map(line),
    ...drift.map(
      (c) =>
        `! ${c.control}: in force ${c.applied}, but the open incidents need ${c.effective}: re-run the stage or fix by hand`,
    ),
  ].join('\n');
}
