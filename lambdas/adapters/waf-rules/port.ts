import type { Rule, VisibilityConfig } from '@aws-sdk/client-wafv2';

export interface RuleGroupRef {
  name: string;
  id: string;
  scope: 'REGIONAL' | 'CLOUDFRONT';
}

export interface RuleGroupSnapshot {
  rules: Rule[];
  visibilityConfig: VisibilityConfig;
  lockToken: string;
  /** UpdateRuleGroup replaces every mutable field: the description read with the token goes back with it. */
  description?: string;
}

/**
 * A WAFv2 rule group, read and replaced whole under a lock token (GetRuleGroup / UpdateRuleGroup).
 * A stale token fails with WAFOptimisticLockException; errors keep WAF's names.
 */
export interface WafRuleGroups {
  get(ref: RuleGroupRef): Promise<RuleGroupSnapshot>;
  /** Returns the next lock token. */
  update(ref: RuleGroupRef, snapshot: RuleGroupSnapshot): Promise<string>;
}
