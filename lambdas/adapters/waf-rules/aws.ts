import { GetRuleGroupCommand, UpdateRuleGroupCommand, type WAFV2Client } from '@aws-sdk/client-wafv2';
import type { RuleGroupRef, RuleGroupSnapshot, WafRuleGroups } from './port.ts';

/** WAFv2 rule groups through the AWS SDK; errors are rethrown with their AWS names. */
export class AwsWafRuleGroups implements WafRuleGroups {
  constructor(private readonly client: WAFV2Client) {}

  async get(ref: RuleGroupRef): Promise<RuleGroupSnapshot> {
    const out = await this.client.send(
      new GetRuleGroupCommand({ Name: ref.name, Id: ref.id, Scope: ref.scope }),
    );
    if (!out.RuleGroup?.VisibilityConfig || out.LockToken === undefined)
      throw new Error(`GetRuleGroup ${ref.name} (${ref.id}) returned no rule group or lock token`);
    return {
      rules: out.RuleGroup.Rules ?? [],
      visibilityConfig: out.RuleGroup.VisibilityConfig,
      lockToken: out.LockToken,
      description: out.RuleGroup.Description,
    };
  }

  async update(ref: RuleGroupRef, snapshot: RuleGroupSnapshot): Promise<string> {
    const out = await this.client.send(
      new UpdateRuleGroupCommand({
        Name: ref.name,
        Id: ref.id,
        Scope: ref.scope,
        Description: snapshot.description,
        Rules: snapshot.rules,
        VisibilityConfig: snapshot.visibilityConfig,
        LockToken: snapshot.lockToken,
      }),
    );
    if (out.NextLockToken === undefined)
      throw new Error(`UpdateRuleGroup ${ref.name} returned no NextLockToken`);
    return out.NextLockToken;
  }
}
