import {
  advanceInput,
  holdLadder,
  type LadderRequest,
  resumeLadder,
} from '../../lambdas/actions/relax-control.ts';
import { relaxExecutionName } from '../../lambdas/actions/schedule-relaxation.ts';
import type { RiposteConfig } from '../../lambdas/core/config.ts';
import { LocalRuntime } from '../local/runtime.ts';
import { relaxationOf, type StageReport } from './relaxation.ts';

export type LadderCommand = 'hold' | 'resume' | 'advance';

/** hold, resume or advance an incident's ladder in the local state; returns the ladder afterwards. */
export async function localLadder(
  command: LadderCommand,
  request: LadderRequest,
  stateDir: string,
  config: RiposteConfig,
): Promise<{ incidentId: string; command: LadderCommand; relaxation: StageReport[] }> {
  const runtime = await LocalRuntime.start({ stateDir, config });
  try {
    const { deps } = runtime;
    if (command === 'hold') await holdLadder(deps, request);
    if (command === 'resume') await resumeLadder(deps, request);
    if (command === 'advance') {
      const input = await advanceInput(deps, request);
      const execution = relaxExecutionName(input.incidentId, input.stage, `advance-${input.attempt}`);
      const { duplicate } = await runtime.start('relax', execution, input);
      const record = runtime.executions.get(execution);
      if (!duplicate && record?.status === 'FAILED')
        throw new Error(`${execution} failed: ${record.error}: ${record.cause}`);
    }
    return {
      incidentId: request.incidentId,
      command,
      relaxation: relaxationOf(await deps.incidents.timeline(request.incidentId)),
    };
  } finally {
    await runtime.close();
  }
}

export function renderLadder(relaxation: readonly StageReport[]): string {
  return relaxation
    .map((s) => `  ${s.stage.padEnd(12)} planned ${s.plannedAt}  ${s.outcome}${s.at ? ` at ${s.at}` : ''}`)
    .join('\n');
}
