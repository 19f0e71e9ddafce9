import { z } from 'zod';
import type { Alert } from './alerts.ts';

/**
 * The emergency posture as data: named controls, each with a baseline and an emergency value and the
 * adapter that applies it. Overlapping incidents compose: each open incident records what it needs per
 * control, and a control's effective value is the strictest any incident still needs.
 */
export const CONTROL_NAMES = [
  'login-rate-limit',
  'country-block',
  'session-max-age',
  'session-max-concurrent',
  'detection-threshold',
  'require-mfa',
] as const;
export type ControlName = (typeof CONTROL_NAMES)[number];

/** The country rule: off (counts only), partial (named countries lifted to count), on (all but allowed blocked). */
export const COUNTRY_MODES = ['off', 'partial', 'on'] as const;
export type CountryMode = (typeof COUNTRY_MODES)[number];

/** Who must use MFA: nobody more than usual, the administrators (VIP/admin groups), or everyone. */
export const MFA_MODES = ['off', 'admins', 'all'] as const;
export type MfaMode = (typeof MFA_MODES)[number];

export type ControlValue = number | CountryMode | MfaMode;

/** Where a control lives: a WAF rule in riposte's posture rule group, an SSM parameter, or the identity providers' MFA policies. */
export type ControlAdapter = 'waf-rules' | 'ssm' | 'mfa';

export interface ControlSpec {
  name: ControlName;
  adapter: ControlAdapter;
  unit: string;
  baseline: ControlValue;
  emergency: ControlValue;
  /** The value a partial lift leaves, where the control has one. */
  partial?: ControlValue;
}

const numberSetting = (min: number, max: number, fallback: number) =>
  z.number().int().min(min).max(max).default(fallback);
const pair = (min: number, max: number, baseline: number, emergency: number) =>
  z
    .object({ baseline: numberSetting(min, max, baseline), emergency: numberSetting(min, max, emergency) })
    .prefault({})
    .refine((p) => p.emergency <= p.baseline, 'emergency must be at most baseline (lower is stricter)');

const country = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as US');

/** One rung of the ladder: after `afterHours`, restore the controls it names (or partly lift them). */
export const StageSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9-]{1,20}$/, 'lower-case letters, digits and dashes, at most 20'),
    afterHours: z
      .number()
      .positive()
      .max(24 * 90),
    restore: z.array(z.enum(CONTROL_NAMES)).default([]),
    /** Controls moved to their partial value instead (only country-block has one). */
    partlyLift: z.array(z.literal('country-block')).default([]),
  })
  .refine((s) => s.restore.length + s.partlyLift.length > 0, 'a stage must name at least one control');
export type Stage = z.output<typeof StageSchema>;

export const DEFAULT_LADDER: z.input<typeof StageSchema>[] = [
  { name: 'countries', afterHours: 48, partlyLift: ['country-block'] },
  { name: 'sessions', afterHours: 72, restore: ['session-max-age', 'session-max-concurrent'] },
  { name: 'rate-limits', afterHours: 168, restore: ['login-rate-limit', 'country-block', 'require-mfa'] },
  { name: 'monitoring', afterHours: 336, restore: ['detection-threshold'] },
];

const LadderSchema = z
  .array(StageSchema)
  .min(1)
  .max(10)
  .refine((l) => new Set(l.map((s) => s.name)).size === l.length, 'stage names must be unique');

const RISK_LEVEL = z.enum(['LOW', 'MEDIUM', 'HIGH']);
const RequireMfaSchema = z
  .object({
    /** The emergency value: administrators only, or everyone (administrators are always applied first). */
    emergency: z.enum(['admins', 'all']).default('all'),
    /** Cognito threat protection: MFA required at these risk levels, pool-wide for everyone, on the admin app client for admins. */
    cognito: z
      .object({
        riskLevels: z.array(RISK_LEVEL).min(1).default(['LOW', 'MEDIUM', 'HIGH']),
        adminClientId: z.string().min(1).max(128).optional(),
      })
      .strict()
      .optional(),
    /** Pre-created Conditional Access policies (report-only) switched on: ids of the admins' and everyone's. */
    entra: z
      .object({ adminsPolicyId: z.string().min(1), everyonePolicyId: z.string().min(1).optional() })
      .strict()
      .optional(),
    /** A pre-created Okta policy's rules (inactive) activated: admins' and everyone's. */
    okta: z
      .object({
        policyId: z.string().min(1),
        adminsRuleId: z.string().min(1),
        everyoneRuleId: z.string().min(1).optional(),
        /** The Okta group of administrators, for the enrollment count. */
        adminGroupId: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .prefault({});

/**
 * When an incident warrants tightening the estate's posture, and which controls: the emergency posture
 * changes every user's sessions and the login path for everyone, so it is a decision with a rule, not a
 * reflex. The rule holds when any of its conditions does; a condition left out is not considered.
 */
export const TightenRuleSchema = z
  .object({
    /** At least this many compromised accounts in the alert. */
    compromisedAccounts: z.number().int().min(1).optional(),
    /** At least this many distinct attacking sources (addresses and hosts) in the alert. */
    sources: z.number().int().min(1).optional(),
    /** Severity (0–100) at least this. */
    severity: z.number().min(0).max(100).optional(),
    /** The controls to tighten when it holds; leave one out to never tighten it automatically. */
    controls: z.array(z.enum(CONTROL_NAMES)).default([...CONTROL_NAMES]),
  })
  .strict();
export type TightenRule = z.output<typeof TightenRuleSchema>;

export const DEFAULT_TIGHTEN_RULE: z.input<typeof TightenRuleSchema> = {
  compromisedAccounts: 1,
  sources: 20,
  severity: 90,
};

export const PostureConfigSchema = z
  .object({
    /** URI path prefix the rate-based rule watches. */
    loginPath: z.string().startsWith('/').default('/login'),
    /** Requests per 5 minutes per address on the login path (WAF: 10 to 2,000,000,000). */
    loginRateLimit: pair(10, 2_000_000_000, 1000, 100),
    /** Countries never blocked by the country rule; empty keeps the country rule off. */
    allowedCountries: z.array(country).max(50).default([]),
    /** Countries a partial lift moves from block to count. */
    partlyLiftedCountries: z.array(country).max(50).default([]),
    sessionMaxAgeMinutes: pair(1, 60 * 24 * 30, 120, 15),
    sessionMaxConcurrent: pair(1, 1000, 5, 1),
    /** Failed sign-ins per hour per account that make riposte's detection alert. */
    detectionFailuresPerHour: pair(1, 100_000, 20, 5),
    ladder: LadderSchema.prefault(DEFAULT_LADDER),
    /** Per-playbook ladders replacing the default one. */
    ladders: z.record(z.string(), LadderSchema).default({}),
    /** Recurrence window of the gate: no new detection on the incident's indicators within it. */
    recurrenceHours: z
      .number()
      .positive()
      .max(24 * 14)
      .default(24),
    /** Share of the users the incident forced to reset who must have changed their password. */
    minResetShare: z.number().min(0).max(1).default(0.95),
    /** Require MFA in the identity providers (docs/posture.md#require-mfa); none configured: the control stays off. */
    requireMfa: RequireMfaSchema,
    /** Share of all users, and of administrators, enrolled in MFA before any stage relaxes (where measured). */
    minMfaShare: z.number().min(0).max(1).default(0.8),
    minAdminMfaShare: z.number().min(0).max(1).default(1),
    /** CloudWatch alarms (error rate, load) that must be OK before any stage relaxes. */
    okAlarms: z.array(z.string().min(1).max(255)).max(20).default([]),
    /** When an incident tightens the posture, and which controls (lambdas/core/posture-rule.ts). */
    tightenWhen: TightenRuleSchema.prefault(DEFAULT_TIGHTEN_RULE),
    /** A playbook's own rule instead of `tightenWhen`. */
    tightenWhenByPlaybook: z.record(z.string(), TightenRuleSchema).default({}),
    /** How far a failed gate postpones its stage. */
    postponeHours: z
      .number()
      .positive()
      .max(24 * 14)
      .default(24),
  })
  .prefault({});
export type PostureConfig = z.output<typeof PostureConfigSchema>;

/** Every control of this deployment, with its values from the configuration. */
export function controlSpecs(config: PostureConfig): Record<ControlName, ControlSpec> {
  const countries = config.allowedCountries.length > 0;
  return {
    'login-rate-limit': {
      name: 'login-rate-limit',
      adapter: 'waf-rules',
      unit: 'requests / 5 min / address',
      ...config.loginRateLimit,
    },
    'country-block': {
      name: 'country-block',
      adapter: 'waf-rules',
      unit: 'mode',
      baseline: 'off',
      // Without allowed countries an emergency block would block everyone, offices included: stay off.
      emergency: countries ? 'on' : 'off',
      partial: countries ? 'partial' : 'off',
    },
    'session-max-age': {
      name: 'session-max-age',
      adapter: 'ssm',
      unit: 'minutes',
      ...config.sessionMaxAgeMinutes,
    },
    'session-max-concurrent': {
      name: 'session-max-concurrent',
      adapter: 'ssm',
      unit: 'sessions',
      ...config.sessionMaxConcurrent,
    },
    'detection-threshold': {
      name: 'detection-threshold',
      adapter: 'ssm',
      unit: 'failures / hour',
      ...config.detectionFailuresPerHour,
    },
    'require-mfa': {
      name: 'require-mfa',
      adapter: 'mfa',
      unit: 'who must use MFA',
      baseline: 'off',
      // With no provider configured there is nothing to switch on: the control stays off.
      emergency: mfaProviders(config).length > 0 ? config.requireMfa.emergency : 'off',
      partial: mfaProviders(config).length > 0 ? 'admins' : 'off',
    },
  };
}

/** The identity providers whose MFA policies the require-mfa control switches. */
export function mfaProviders(config: PostureConfig): ('cognito' | 'entra' | 'okta')[] {
  return (['cognito', 'entra', 'okta'] as const).filter((p) => config.requireMfa[p] !== undefined);
}

/** Higher is stricter: lower numbers are stricter limits; countries go off < partial < on; MFA off < admins < all. */
export function strictness(value: ControlValue): number {
  if (typeof value === 'number') return -value;
  return Math.max(COUNTRY_MODES.indexOf(value as CountryMode), MFA_MODES.indexOf(value as MfaMode));
}

export function stricter(a: ControlValue, b: ControlValue): ControlValue {
  return strictness(a) >= strictness(b) ? a : b;
}

/** One control's shared state: the value before any incident tightened it, and what each incident needs. */
export interface ControlState {
  /** The value recorded when the first open incident tightened the control: what it returns to. */
  prior: ControlValue;
  needs: Record<string, ControlValue>;
}

/** The value the control must have: the strictest need, or its recorded prior value when nobody needs it. */
export function effectiveValue(state: ControlState): ControlValue {
  const needs = Object.values(state.needs);
  return needs.length === 0 ? state.prior : needs.reduce(stricter);
}

/** An incident tightens a control: its need is at least `value`; `current` is the prior value when nobody else needs it. */
export function addNeed(
  state: ControlState | undefined,
  incidentId: string,
  value: ControlValue,
  current: ControlValue,
): ControlState {
  const base = state && Object.keys(state.needs).length > 0 ? state : { prior: current, needs: {} };
  const had = base.needs[incidentId];
  return {
    prior: base.prior,
    needs: { ...base.needs, [incidentId]: had === undefined ? value : stricter(had, value) },
  };
}

/**
 * An incident relaxes a control to `to` (its partial value), or drops its need entirely (undefined).
 * A relax never tightens: a need already looser than `to` stays.
 */
export function releaseNeed(state: ControlState, incidentId: string, to?: ControlValue): ControlState {
  const { [incidentId]: had, ...others } = state.needs;
  if (had === undefined) return state;
  if (to === undefined) return { prior: state.prior, needs: others };
  return {
    prior: state.prior,
    needs: { ...others, [incidentId]: strictness(to) < strictness(had) ? to : had },
  };
}

/**
 * Whether an alert names an attack worth tightening the estate for: an attacking source or a compromised
 * account. A Security Hub compliance finding sent with "Contain with riposte" names neither.
 */
export function namesAnAttack(alert: Pick<Alert, 'sourceIps' | 'sourceHosts' | 'compromisedUsers'>): boolean {
  return alert.sourceIps.length + alert.sourceHosts.length + alert.compromisedUsers.length > 0;
}

export const NO_ATTACK_NAMED = 'the alert names no attacking source and no compromised account';

/** The ladder a playbook's incidents follow. */
export function ladderFor(config: PostureConfig, playbook: string): Stage[] {
  return config.ladders[playbook] ?? config.ladder;
}

export interface PlannedStage {
  stage: string;
  at: string;
}

/** When each stage is due, counted from the moment the posture was tightened. */
export function planLadder(ladder: readonly Stage[], tightenedAt: Date): PlannedStage[] {
  return ladder.map((s) => ({
    stage: s.name,
    at: new Date(tightenedAt.getTime() + s.afterHours * 3_600_000).toISOString(),
  }));
}
