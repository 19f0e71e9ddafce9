import type { Actor } from '../../lambdas/core/case.ts';
import type { RiposteConfig } from '../../lambdas/core/config.ts';
import type { Deps } from '../../lambdas/platform/deps.ts';
import { ENV } from '../../lambdas/platform/deps.ts';
import { playbookOutputKey } from '../names.ts';
import type { AwsClients } from './aws-stack.ts';
import { applyAwsEnvironment, localFooter, type Target, targetBanner } from './target.ts';

/** What a case command works with: the deps of its target, who is acting, and how to finish. */
export interface CaseSession {
  deps: Deps;
  actor: Actor;
  target: Target;
  /** Printed first: where this acts. */
  banner: string;
  /** Printed last after a local change (undefined on AWS). */
  footer?: string;
  close(): Promise<void>;
}

export interface SessionOptions {
  target: Target;
  stateDir: string;
  config: RiposteConfig;
  /** Who acts locally ($USER by default); on AWS the caller's IAM identity is recorded instead. */
  by?: string;
  clients?: Partial<AwsClients>;
  /** A read-only command says it reads; a change says, first and last, that it changed only the simulation. */
  mode?: 'reads' | 'changes';
  progress: (line: string) => void;
}

/**
 * Open the target: the local runtime over the state folder, or the deployed stack's tables and services
 * (named by its outputs) with the caller's own credentials, the caller named by STS GetCallerIdentity.
 */
export async function openCaseSession(options: SessionOptions): Promise<CaseSession> {
  const { target } = options;
  if (target.kind === 'aws') {
    applyAwsEnvironment(target);
    const banner = targetBanner(target, options.stateDir, options.mode);
    options.progress(banner);
    const [{ awsDeps }, { stackOutputs, defaultAwsClients }] = await Promise.all([
      import('../../lambdas/platform/aws.ts'),
      import('./aws-stack.ts'),
    ]);
    const clients = { ...defaultAwsClients(), ...options.clients };
    const outputs = await stackOutputs(clients.cfn, target.stack);
    const deps = awsDeps(stackEnvironment(outputs, options.config));
    const actor: Actor = { id: await callerArn(clients), via: 'cli-aws' };
    options.progress(`acting as ${actor.id}`);
    return { deps, actor, target, banner, close: async () => undefined };
  }
  const banner = targetBanner(target, options.stateDir, options.mode);
  options.progress(banner);
  const { LocalRuntime } = await import('../local/runtime.ts');
  const runtime = await LocalRuntime.start({ stateDir: options.stateDir, config: options.config });
  return {
    deps: runtime.deps,
    actor: { id: options.by ?? process.env.USER ?? 'operator', via: 'cli' },
    target,
    banner,
    ...(options.mode === 'reads' ? {} : { footer: localFooter(options.stateDir) }),
    close: () => runtime.close(),
  };
}

/** Open, work, close: the session is closed even when the work throws. */
export async function withCaseSession<T>(
  options: SessionOptions,
  work: (session: CaseSession) => Promise<T>,
): Promise<{ result: T; session: CaseSession }> {
  const session = await openCaseSession(options);
  try {
    return { result: await work(session), session };
  } finally {
    await session.close();
  }
}

/** The environment riposte's Lambdas get from the stack, rebuilt from its outputs for the CLI's --aws mode. */
export function stackEnvironment(outputs: Record<string, string>, config: RiposteConfig): NodeJS.ProcessEnv {
  const fromOutput: [string, string][] = [
    [ENV.incidentsTable, 'IncidentsTableName'],
    [ENV.blocklistTable, 'BlocklistTableName'],
    [ENV.appSessionsTable, 'AppSessionsTableName'],
    [ENV.changeQueueUrl, 'ChangeQueueUrl'],
    [ENV.pageTopicArn, 'PageTopicArn'],
    [ENV.scheduleGroup, 'RelaxScheduleGroup'],
    [ENV.schedulerRoleArn, 'RelaxSchedulerRoleArn'],
    [ENV.relaxMachineArn, playbookOutputKey('relax')],
    [ENV.evidenceBucket, 'EvidenceBucketName'],
    [ENV.signingKey, 'EvidenceSigningKeyArn'],
  ];
  const playbooks = Object.fromEntries(
    Object.entries(outputs)
      .filter(([key]) => /^Playbook\w+Arn$/.test(key))
      .map(([key, arn]) => [kebab(key.slice('Playbook'.length, -'Arn'.length)), arn]),
  );
  return {
    ...process.env,
    [ENV.config]: JSON.stringify(config),
    [ENV.playbookArns]: JSON.stringify(playbooks),
    ...Object.fromEntries(
      fromOutput.filter(([, key]) => outputs[key]).map(([env, key]) => [env, outputs[key]]),
    ),
  };
}

const kebab = (pascal: string) =>
  pascal.replace(/[A-Z]/g, (c, i: number) => `${i ? '-' : ''}${c.toLowerCase()}`);

/** The caller's IAM identity (an ARN): what the timeline records on AWS. */
async function callerArn(clients: Partial<AwsClients>): Promise<string> {
  const { STSClient, GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
  const sts = clients.sts ?? new STSClient({});
  try {
    const { Arn } = await sts.send(new GetCallerIdentityCommand({}));
    if (!Arn) throw new Error('STS returned no ARN');
    return Arn;
  } catch (error) {
    throw new Error(
      `cannot tell who you are on AWS (STS GetCallerIdentity: ${(error as Error).name}: ${(error as Error).message}): set AWS credentials (AWS_PROFILE) for the account riposte is deployed in`,
    );
  }
}
