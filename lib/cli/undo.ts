import { type UndoLine, undoContainment } from '../../lambdas/actions/undo-containment.ts';
import type { RiposteConfig } from '../../lambdas/core/config.ts';
import { awsDeps } from '../../lambdas/platform/aws.ts';
import { ENV } from '../../lambdas/platform/deps.ts';
import { LocalRuntime } from '../local/runtime.ts';
import { type AwsClients, defaultAwsClients, stackOutputs } from './aws-stack.ts';

export interface UndoOptions {
  aws?: boolean;
  clients?: AwsClients;
  stateDir: string;
  config: RiposteConfig;
  by: string;
  reason: string;
  progress: (line: string) => void;
}

/**
 * `riposte undo INCIDENT ACTION`: put accounts back as they were before containment, locally or (--aws)
 * with the operator's own credentials against the deployed stack's tables and the real providers.
 */
export async function runUndo(incidentId: string, target: string, options: UndoOptions): Promise<UndoLine[]> {
  const request = { incidentId, target, by: options.by, reason: options.reason };
  if (options.aws) {
    const outputs = await stackOutputs((options.clients ?? defaultAwsClients()).cfn);
    const deps = awsDeps({
      ...process.env,
      [ENV.config]: JSON.stringify(options.config),
      [ENV.incidentsTable]: outputs.IncidentsTableName,
      [ENV.appSessionsTable]: outputs.AppSessionsTableName,
    });
    options.progress(`undoing ${target} on ${incidentId} in the deployed stack…`);
    return undoContainment(request, deps);
  }
  options.progress(`starting the local runtime (state in ${options.stateDir})…`);
  const runtime = await LocalRuntime.start({ stateDir: options.stateDir, config: options.config });
  try {
    options.progress(`undoing ${target} on ${incidentId}…`);
    return await undoContainment(request, runtime.deps);
  } finally {
    await runtime.close();
  }
}

export function renderUndo(lines: UndoLine[]): string {
  if (lines.length === 0) return 'nothing left to undo: every matching action was undone before';
  const mark = { ok: '✓', skipped: '–', failed: '✗' } as const;
  return lines
    .map((l) => `${mark[l.outcome]} ${l.action} ${l.user}@${l.provider}: ${l.detail}`)
    .concat(
      lines.some((l) => l.outcome === 'failed')
        ? ['Some undo steps failed: finish them by hand (see above).']
        : [],
    )
    .join('\n');
}
