import type { Rule } from '@aws-sdk/client-wafv2';
import type { CountryMode } from '../../core/posture.ts';
import type { RuleGroupRef, WafRuleGroups } from './port.ts';

/** Rule names in riposte's posture rule group; riposte owns the group and rewrites only these rules. */
export const RATE_RULE = 'riposte-login-rate';
export const COUNTRY_RULE = 'riposte-countries';
export const LIFTED_RULE = 'riposte-countries-lifted';

/** WCUs the posture rule group reserves: a rate-based rule with a scope-down, two geo rules, headroom. */
export const POSTURE_RULE_GROUP_CAPACITY = 50;

const visibility = (name: string) => ({
  SampledRequestsEnabled: true,
  CloudWatchMetricsEnabled: true,
  MetricName: name,
});

/** The rate-based rule on the login path, in CloudFormation's shape (SearchString as text). */
export function rateRule(limit: number, loginPath: string) {
  return {
    Name: RATE_RULE,
    Priority: 0,
    Action: { Block: {} },
    Statement: {
      RateBasedStatement: {
        Limit: limit,
        EvaluationWindowSec: 300,
        AggregateKeyType: 'IP',
        ScopeDownStatement: {
          ByteMatchStatement: {
            SearchString: loginPath,
            FieldToMatch: { UriPath: {} },
            PositionalConstraint: 'STARTS_WITH',
            TextTransformations: [{ Priority: 0, Type: 'LOWERCASE' }],
          },
        },
      },
    },
    VisibilityConfig: visibility(RATE_RULE),
  };
}

/**
 * The country rules for a mode. off: count what is outside the allowed countries (nothing blocked);
 * on: block it; partial: block it except the lifted countries, which a rule of their own counts.
 * No allowed countries: no country rule at all (it would block everyone).
 */
export function countryRules(
  mode: CountryMode,
  allowed: readonly string[],
  lifted: readonly string[],
): Rule[] {
  if (allowed.length === 0) return [];
  const passes = mode === 'partial' ? [...new Set([...allowed, ...lifted])] : [...allowed];
  const rules: Rule[] = [];
  if (mode === 'partial' && lifted.length > 0)
    rules.push({
      Name: LIFTED_RULE,
      Priority: 1,
      Action: { Count: {} },
      Statement: { GeoMatchStatement: { CountryCodes: [...lifted] as never } },
      VisibilityConfig: visibility(LIFTED_RULE),
    });
  rules.push({
    Name: COUNTRY_RULE,
    Priority: 2,
    Action: mode === 'off' ? { Count: {} } : { Block: {} },
    Statement: { NotStatement: { Statement: { GeoMatchStatement: { CountryCodes: passes as never } } } },
    VisibilityConfig: visibility(COUNTRY_RULE),
  });
  return rules;
}

export interface WafPostureSettings {
  rateLimit: number | undefined;
  countryMode: CountryMode;
}

/** What the rules in force say. */
export function readSettings(rules: readonly Rule[]): WafPostureSettings {
  const rate = rules.find((r) => r.Name === RATE_RULE)?.Statement?.RateBasedStatement?.Limit;
  const country = rules.find((r) => r.Name === COUNTRY_RULE);
  const countryMode: CountryMode = !country?.Action?.Block
    ? 'off'
    : rules.some((r) => r.Name === LIFTED_RULE)
      ? 'partial'
      : 'on';
  return { rateLimit: rate === undefined ? undefined : Number(rate), countryMode };
}

export interface PostureRulesOptions {
  groups: WafRuleGroups;
  ref: RuleGroupRef;
  allowedCountries: readonly string[];
  liftedCountries: readonly string[];
}

/** Read-modify-write of the posture rule group under its lock token; a lost race reads again. */
export class PostureRules {
  constructor(private readonly options: PostureRulesOptions) {}

  async read(): Promise<WafPostureSettings> {
    return readSettings((await this.options.groups.get(this.options.ref)).rules);
  }

  async setRateLimit(limit: number): Promise<void> {
    await this.rewrite((rules) =>
      rules.map((r) => {
        const statement = r.Statement?.RateBasedStatement;
        if (r.Name !== RATE_RULE || !statement) return r;
        return { ...r, Statement: { ...r.Statement, RateBasedStatement: { ...statement, Limit: limit } } };
      }),
    );
  }

  async setCountryMode(mode: CountryMode): Promise<void> {
    const { allowedCountries, liftedCountries } = this.options;
    await this.rewrite((rules) => [
      ...rules.filter((r) => r.Name !== COUNTRY_RULE && r.Name !== LIFTED_RULE),
      ...countryRules(mode, allowedCountries, liftedCountries),
    ]);
  }

  private async rewrite(change: (rules: Rule[]) => Rule[], attempts = 3): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const snapshot = await this.options.groups.get(this.options.ref);
      try {
        await this.options.groups.update(this.options.ref, { ...snapshot, rules: change(snapshot.rules) });
        return;
      } catch (error) {
        if ((error as Error).name !== 'WAFOptimisticLockException' || attempt >= attempts) throw error;
      }
    }
  }
}
