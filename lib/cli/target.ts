import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { STACK_NAME } from '../names.ts';

/**
 * Where operator and case commands act: the local simulation (the state folder) or a deployed stack.
 * `riposte target aws --stack S [--region R] [--profile P]` saves the choice in `<state>/target.json`;
 * `--aws` or `--local` on a command overrides it for that run.
 */
export const TargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local') }).strict(),
  z
    .object({
      kind: z.literal('aws'),
      stack: z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/, 'a CloudFormation stack name'),
      region: z
        .string()
        .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS Region such as eu-west-1')
        .optional(),
      profile: z.string().min(1).optional(),
    })
    .strict(),
]);
export type Target = z.infer<typeof TargetSchema>;

export const targetFile = (stateDir: string) => path.join(stateDir, 'target.json');

export function loadTarget(stateDir: string): Target {
  const file = targetFile(stateDir);
  if (!existsSync(file)) return { kind: 'local' };
  const parsed = TargetSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(
      `${file} is not a riposte target (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}): run \`riposte target local\` or \`riposte target aws --stack NAME\``,
    );
  return parsed.data;
}

export function saveTarget(stateDir: string, target: Target): string {
  const file = targetFile(stateDir);
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(TargetSchema.parse(target), null, 2)}\n`);
  return file;
}

/** The target of one run: `--aws` and `--local` win over the saved target; both at once is a usage error. */
export function resolveTarget(options: { aws?: boolean; local?: boolean; stateDir: string }): Target {
  if (options.aws && options.local) throw new UsageError('--aws and --local contradict each other: pick one');
  if (options.local) return { kind: 'local' };
  const saved = loadTarget(options.stateDir);
  if (options.aws) return saved.kind === 'aws' ? saved : { kind: 'aws', stack: STACK_NAME };
  return saved;
}

/** Apply the target's profile and Region to the SDK's environment, unless the shell already chose them. */
export function applyAwsEnvironment(target: Extract<Target, { kind: 'aws' }>, env = process.env): void {
  if (target.profile && !env.AWS_PROFILE) env.AWS_PROFILE = target.profile;
  if (target.region && !env.AWS_REGION) env.AWS_REGION = target.region;
}

/** One line that says where a command acts, printed first (and, for local changes, last too). */
export function targetBanner(
  target: Target,
  stateDir: string,
  mode: 'reads' | 'changes' = 'changes',
  env = process.env,
): string {
  if (target.kind === 'local')
    return mode === 'reads'
      ? `LOCAL SIMULATION (${stateDir}): reading the local simulation, not a deployed stack`
      : `LOCAL SIMULATION (${stateDir}): this changes only the local simulation, nothing on AWS`;
  const region = env.AWS_REGION ?? target.region ?? env.AWS_DEFAULT_REGION ?? '(Region from the profile)';
  const profile = `profile ${env.AWS_PROFILE ?? target.profile ?? 'default'}`;
  return `AWS: stack ${target.stack} in ${region} (${profile})`;
}

/** The closing line of a local change, so the last thing on the screen says it too. */
export function localFooter(stateDir: string): string {
  return `LOCAL SIMULATION ONLY (${stateDir}): nothing changed on AWS; add --aws or run \`riposte target aws --stack NAME\` to act on the deployed stack`;
}

/** Exit code 2: the command line was wrong. */
export class UsageError extends Error {
  override name = 'UsageError';
}
