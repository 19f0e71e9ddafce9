import type { TimelineEntry } from '../../lambdas/core/incident.ts';
import type { PlannedStage } from '../../lambdas/core/posture.ts';

/** One stage of an incident's ladder as it played out: the `relaxation` list of `simulate --json`. */
export interface StageReport {
  stage: string;
  plannedAt: string;
  /** When it last ran; null while it has not. */
  at: string | null;
  outcome: 'relaxed' | 'postponed' | 'held' | 'failed' | 'pending';
  attempts: { at: string; outcome: string; detail: string }[];
}

/** The ladder of one incident, from its timeline only. */
export function relaxationOf(timeline: readonly TimelineEntry[]): StageReport[] {
  const plan = timeline.find((e) => e.action === 'schedule-relaxation')?.data?.stages as
    | PlannedStage[]
    | undefined;
  return (plan ?? []).map(({ stage, at }) => {
    const runs = timeline.filter((e) => e.action === 'relax-stage' && e.data?.stage === stage);
    const last = runs.at(-1);
    return {
      stage,
      plannedAt: at,
      at: last?.at ?? null,
      outcome: (last?.data?.outcome as StageReport['outcome'] | undefined) ?? 'pending',
      attempts: runs.map((e) => ({ at: e.at, outcome: String(e.data?.outcome), detail: e.detail })),
    };
  });
}

/** One line per stage, for the readable summaries. */
export function stageLine(s: StageReport): string {
  return `${s.stage.padEnd(12)} planned ${s.plannedAt}  ${s.outcome}${s.at ? ` at ${s.at}` : ''}`;
}

/** A duration such as 15d, 36h, 2w or 90m, in milliseconds. */
const MAX_DURATION_MS = 366 * 86_400_000;

export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([mhdw])$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a duration: use a number and m, h, d or w, e.g. 15d`);
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[match[2] as 'm' | 'h' | 'd' | 'w'];
  const ms = Number(match[1]) * unit;
  // A Standard workflow, and so a relaxation ladder, runs at most a year.
  if (ms <= 0 || ms > MAX_DURATION_MS)
    throw new Error(`"${text}" is out of range: a duration above 0 and at most 366d`);
  return ms;
}
