import { CfnIPSet, CfnRuleGroup } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/**
 * The IP sets riposte writes and a rule group that blocks them. Attach the rule group to your web ACL;
 * riposte never edits your web ACL itself.
 */
export class WafBlocklist extends Construct {
  readonly ipSetV4: CfnIPSet;
  readonly ipSetV6: CfnIPSet;
  readonly ruleGroup: CfnRuleGroup;
  readonly names: { v4: string; v6: string };

  constructor(scope: Construct, id: string, props: { scope: 'REGIONAL' | 'CLOUDFRONT'; prefix: string }) {
    super(scope, id);
    this.names = { v4: `${props.prefix}-blocklist-v4`, v6: `${props.prefix}-blocklist-v6` };
    const ipSet = (logicalId: string, name: string, version: 'IPV4' | 'IPV6') =>
      new CfnIPSet(this, logicalId, {
        name,
        scope: props.scope,
        ipAddressVersion: version,
        addresses: [],
        description: 'Managed by riposte: edits here are overwritten by the blocklist table.',
      });
    this.ipSetV4 = ipSet('IpSetV4', this.names.v4, 'IPV4');
    this.ipSetV6 = ipSet('IpSetV6', this.names.v6, 'IPV6');
    const rule = (name: string, priority: number, arn: string) => ({
      name,
      priority,
      action: { block: {} },
      statement: { ipSetReferenceStatement: { arn } },
      visibilityConfig: { sampledRequestsEnabled: true, cloudWatchMetricsEnabled: true, metricName: name },
    });
    this.ruleGroup = new CfnRuleGroup(this, 'RuleGroup', {
      name: `${props.prefix}-blocklist`,
      scope: props.scope,
      capacity: 10,
      rules: [
        rule('riposte-block-ipv4', 0, this.ipSetV4.attrArn),
        rule('riposte-block-ipv6', 1, this.ipSetV6.attrArn),
      ],
      visibilityConfig: {
        sampledRequestsEnabled: true,
        cloudWatchMetricsEnabled: true,
        metricName: `${props.prefix}-blocklist`,
      },
    });
  }
}
