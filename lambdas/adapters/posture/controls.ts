import {
  type ControlName,
  type ControlSpec,
  type ControlValue,
  type CountryMode,
  type MfaMode,
  strictness,
} from '../../core/posture.ts';
import { type ParameterStore, POSTURE_PARAMETER_PREFIX } from '../parameters/port.ts';
import type { PostureRules } from '../waf-rules/posture-rules.ts';
import { eachProvider, type MfaEnforcer } from './mfa.ts';

/** Reads and applies posture controls, whatever adapter each lives in. */
export interface PostureApplier {
  /** The value in force; the baseline when nothing was ever published. */
  read(control: ControlName): Promise<ControlValue>;
  apply(control: ControlName, value: ControlValue): Promise<void>;
}

/** Applies and reads each control through its adapter: WAF rules or an SSM parameter. */
export class PostureControls implements PostureApplier {
  constructor(
    private readonly specs: Record<ControlName, ControlSpec>,
    private readonly rules: PostureRules,
    private readonly parameters: ParameterStore,
    /** require-mfa: each configured provider's MFA policies. */
    private readonly mfa: readonly MfaEnforcer[] = [],
  ) {}

  async read(control: ControlName): Promise<ControlValue> {
    const spec = this.specs[control];
    if (control === 'login-rate-limit') return (await this.rules.read()).rateLimit ?? spec.baseline;
    if (control === 'country-block') return (await this.rules.read()).countryMode;
    if (control === 'require-mfa') {
      // In force is what every provider enforces: the least strict of them.
      const modes = await Promise.all(this.mfa.map((e) => e.read()));
      return modes.reduce<MfaMode>(
        (a, b) => (strictness(b) < strictness(a) ? b : a),
        modes.length ? 'all' : 'off',
      );
    }
    const value = await this.parameters.get(parameterName(control));
    return value === undefined ? spec.baseline : Number(value);
  }

  async apply(control: ControlName, value: ControlValue): Promise<void> {
    if (control === 'login-rate-limit') return this.rules.setRateLimit(Number(value));
    if (control === 'country-block') return this.rules.setCountryMode(value as CountryMode);
    if (control === 'require-mfa')
      return eachProvider(
        this.mfa,
        (e) => e.provider,
        (e) => e.apply(value as MfaMode),
      );
    return this.parameters.put(parameterName(control), String(value));
  }
}

/** The SSM parameter the application (or riposte's detection) reads for a control. */
export function parameterName(control: ControlName): string {
  return `${POSTURE_PARAMETER_PREFIX}${control}`;
}
