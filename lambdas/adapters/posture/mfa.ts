import type { MfaMode } from '../../core/posture.ts';
import type { MfaEnrollment } from '../../core/relax-gate.ts';
import { NamedError } from '../named-error.ts';
import type { ParameterStore } from '../parameters/port.ts';

/** One identity provider's MFA policies, as the require-mfa control switches them. */
export interface MfaEnforcer {
  readonly provider: 'cognito' | 'entra' | 'okta';
  /** What is in force: `all` only when everyone's policy is on, `admins` when the administrators' is. */
  read(): Promise<MfaMode>;
  /** Administrators' policy first, then everyone's; turning one off puts back its recorded prior state. */
  apply(mode: MfaMode): Promise<void>;
  /** Users and administrators, and how many of each are enrolled in MFA. */
  enrollment(): Promise<Extract<MfaEnrollment, { users: number }>>;
}

/**
 * The state a policy had before riposte first switched it on, kept in a parameter of riposte's until it is
 * put back: `/riposte/posture/require-mfa/<provider>/<target>`. `{}` means nothing is held (SSM has no empty value).
 */
export class PriorStash {
  constructor(
    private readonly parameters: ParameterStore,
    private readonly provider: string,
  ) {}

  private name(target: string) {
    return stashParameterName(this.provider, target);
  }

  /** Record the prior state, unless one is held already (a second tighten keeps the first prior). */
  async remember(target: string, prior: unknown): Promise<void> {
    if (await this.held(target)) return;
    await this.parameters.put(this.name(target), JSON.stringify({ prior }));
  }

  /** The held prior state (and forget it), or undefined when riposte never changed this target. */
  async take(target: string): Promise<{ prior: unknown } | undefined> {
    const held = await this.held(target);
    if (held) await this.parameters.put(this.name(target), '{}');
    return held;
  }

  private async held(target: string): Promise<{ prior: unknown } | undefined> {
    const value = JSON.parse((await this.parameters.get(this.name(target))) ?? '{}') as { prior?: unknown };
    return 'prior' in value ? { prior: value.prior } : undefined;
  }
}

/** The parameter that holds one policy's prior state (the stack grants exactly these names). */
export const stashParameterName = (provider: string, target: string) =>
  `/riposte/posture/require-mfa/${provider}/${target.replace(/[^\w.-]/gu, '_')}`;

/** Run every provider's step even when one fails; then name every failure at once. */
export async function eachProvider<T>(
  enforcers: readonly T[],
  name: (e: T) => string,
  step: (e: T) => Promise<void>,
): Promise<void> {
  const failures: string[] = [];
  for (const e of enforcers) {
    try {
      await step(e);
    } catch (error) {
      failures.push(`${name(e)}: ${(error as Error).name}: ${(error as Error).message}`);
    }
  }
  if (failures.length > 0) throw new NamedError('MfaPolicyNotApplied', failures.join('; '));
}
