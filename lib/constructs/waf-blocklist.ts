import { CfnIPSet, CfnRuleGroup } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export interface WafBlocklistProps {
  scope: 'REGIONAL' | 'CLOUDFRONT';
  prefix: string;
  ipSetsV4: number;
  ipSetsV6: number;
}

/**
 * The IP sets riposte writes (10,000 addresses each, as many per family as configured) and one rule group
 * that blocks them all. Attach the rule group to your web ACL; riposte never edits your web ACL itself.
 */
export class WafBlocklist extends Construct {
  readonly ipSets: Record<4 | 6, { name: string; set: CfnIPSet }[]>;
  readonly ruleGroup: CfnRuleGroup;

  constructor(scope: Construct, id: string, props: WafBlocklistProps) {
    super(scope, id);
    const family = (version: 4 | 6, count: number) =>
      Array.from({ length: count }, (_, i) => {
        const name = `${props.prefix}-blocklist-v${version}-${i}`;
        const set = new CfnIPSet(this, `IpSetV${version}n${i}`, {
          name,
          scope: props.scope,
          ipAddressVersion: version === 4 ? 'IPV4' : 'IPV6',
          addresses: [],
          description: 'Managed by riposte: edits here are overwritten by the blocklist table.',
        });
        return { name, set };
      });
    this.ipSets = { 4: family(4, props.ipSetsV4), 6: family(6, props.ipSetsV6) };
    const all = [...this.ipSets[4], ...this.ipSets[6]];
    const metrics = (metricName: string) => ({
      sampledRequestsEnabled: true,
      cloudWatchMetricsEnabled: true,
      metricName,
    });
    this.ruleGroup = new CfnRuleGroup(this, 'RuleGroup', {
      name: `${props.prefix}-blocklist`,
      scope: props.scope,
      // An IP set reference costs 1 WCU.
      capacity: all.length,
      rules: all.map(({ name, set }, priority) => ({
        name,
        priority,
        action: { block: {} },
        statement: { ipSetReferenceStatement: { arn: set.attrArn } },
        visibilityConfig: metrics(name),
      })),
      visibilityConfig: metrics(`${props.prefix}-blocklist`),
    });
  }

  /** The IPSETS setting for the writer: each family's sets in order. */
  setting(): Record<'4' | '6', { name: string; id: string }[]> {
    const refs = (version: 4 | 6) => this.ipSets[version].map(({ name, set }) => ({ name, id: set.attrId }));
    return { '4': refs(4), '6': refs(6) };
  }

  get arns(): string[] {
    return [...this.ipSets[4], ...this.ipSets[6]].map(({ set }) => set.attrArn);
  }
}
