import type { ControlReport } from '../../lambdas/actions/posture-report.ts';
import { postureReport } from '../../lambdas/actions/posture-report.ts';
import type { RiposteConfig } from '../../lambdas/core/config.ts';
import { LocalRuntime } from '../local/runtime.ts';

export { type ControlReport, postureReport } from '../../lambdas/actions/posture-report.ts';

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
