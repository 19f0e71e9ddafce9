import {
  type PostureChange,
  releasePostureFor,
  tightenPostureFor,
} from '../../lambdas/actions/posture-need.ts';
import type { RiposteConfig } from '../../lambdas/core/config.ts';
import type { ControlName } from '../../lambdas/core/posture.ts';
import { awsDeps } from '../../lambdas/platform/aws.ts';
import { ENV } from '../../lambdas/platform/deps.ts';
import { LocalRuntime } from '../local/runtime.ts';
import { type AwsClients, defaultAwsClients, stackOutputs } from './aws-stack.ts';

export interface PostureNeedOptions {
  aws?: boolean;
  clients?: AwsClients;
  stateDir: string;
  config: RiposteConfig;
  by: string;
  reason: string;
  controls?: ControlName[];
  progress: (line: string) => void;
}

/** `arn:aws:wafv2:<region>:<account>:<scope>/rulegroup/<name>/<id>` → the rule group's name and id. */
export function ruleGroupFromArn(arn: string): { name: string; id: string } {
  const match = /:(?:regional|global)\/rulegroup\/([^/]+)\/([^/]+)$/.exec(arn);
  if (!match?.[1] || !match[2]) throw new Error(`not a WAF rule group ARN: ${arn}`);
  return { name: match[1], id: match[2] };
}

/**
 * `riposte posture tighten|release INCIDENT`: the analyst's hand on an incident's need of the posture,
 * locally or (--aws) with the operator's own credentials on the deployed stack's table, WAF rule group and
 * SSM parameters. The same action the playbooks and the false-positive revert use.
 */
export async function runPostureNeed(
  action: 'tighten' | 'release',
  incidentId: string,
  options: PostureNeedOptions,
): Promise<PostureChange> {
  const request = {
    incidentId,
    by: options.by,
    reason: options.reason,
    ...(options.controls?.length ? { controls: options.controls } : {}),
  };
  const run = action === 'tighten' ? tightenPostureFor : releasePostureFor;
  if (options.aws) {
    const outputs = await stackOutputs((options.clients ?? defaultAwsClients()).cfn);
    if (!outputs.IncidentsTableName || !outputs.PostureRuleGroupArn)
      throw new Error(
        'the deployed stack has no IncidentsTableName or PostureRuleGroupArn output: deploy this version first',
      );
    const deps = awsDeps({
      ...process.env,
      [ENV.config]: JSON.stringify(options.config),
      [ENV.incidentsTable]: outputs.IncidentsTableName,
      [ENV.postureRuleGroup]: JSON.stringify(ruleGroupFromArn(outputs.PostureRuleGroupArn)),
    });
    options.progress(
      `${action === 'tighten' ? 'tightening' : 'releasing'} the posture of ${incidentId} in the deployed stack…`,
    );
    return run(deps, request);
  }
  options.progress(`starting the local runtime (state in ${options.stateDir})…`);
  const runtime = await LocalRuntime.start({ stateDir: options.stateDir, config: options.config });
  try {
    return await run(runtime.deps, request);
  } finally {
    await runtime.close();
  }
}

export function renderPostureChange(change: PostureChange, aws: boolean): string {
  const where = aws ? 'in the deployed stack' : 'in the local state only (add --aws for the deployed stack)';
  const lines = Object.entries(change.controls).map(
    ([name, c]) =>
      `  ${c.error ? '✗' : '✓'} ${name}: ${c.before ?? '?'} → ${c.after}${c.neededBy.length ? ` (still held by ${c.neededBy.join(', ')})` : ''}${c.error ? `: ${c.error}` : ''}`,
  );
  const head =
    lines.length === 0
      ? `${change.incidentId} held no posture control: nothing ${change.action === 'tighten' ? 'tightened' : 'released'}`
      : `${change.action === 'tighten' ? 'tightened' : 'released'} the posture of ${change.incidentId} ${where}:`;
  return [head, ...lines].join('\n');
}
