import { ArnFormat, Aws, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { CfnScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { CfnRuleGroup } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { parameterName } from '../../lambdas/adapters/posture/controls.ts';
import {
  countryRules,
  POSTURE_RULE_GROUP_CAPACITY,
  rateRule,
} from '../../lambdas/adapters/waf-rules/posture-rules.ts';
import { type ControlName, controlSpecs, type PostureConfig } from '../../lambdas/core/posture.ts';

/** The relax state machine's name is fixed so its ARN is known before it exists (no dependency cycle). */
export const RELAX_MACHINE_NAME = 'riposte-relax';

export interface PostureResourcesProps {
  scope: 'REGIONAL' | 'CLOUDFRONT';
  prefix: string;
  posture: PostureConfig;
}

/**
 * What the emergency posture changes and how its relaxation is scheduled: a rule group of posture rules
 * (login rate limit, country rule) at baseline, the SSM parameters the application reads, the Scheduler
 * group, and the role Scheduler assumes to start the relax state machine (and nothing else).
 */
export class PostureResources extends Construct {
  readonly ruleGroup: CfnRuleGroup;
  readonly parameters: StringParameter[];
  private readonly published: ControlName[];
  readonly scheduleGroup: CfnScheduleGroup;
  readonly schedulerRole: Role;
  readonly relaxMachineArn: string;

  /** The SSM parameter a control is published in. */
  parameter(control: ControlName): StringParameter {
    const parameter = this.parameters[this.published.indexOf(control)];
    if (!parameter) throw new Error(`posture control ${control} is not published as a parameter`);
    return parameter;
  }

  constructor(scope: Construct, id: string, props: PostureResourcesProps) {
    super(scope, id);
    const specs = controlSpecs(props.posture);
    const name = `${props.prefix}-posture`;
    this.ruleGroup = new CfnRuleGroup(this, 'RuleGroup', {
      name,
      scope: props.scope,
      capacity: POSTURE_RULE_GROUP_CAPACITY,
      visibilityConfig: { sampledRequestsEnabled: true, cloudWatchMetricsEnabled: true, metricName: name },
      description: 'Managed by riposte: the emergency posture rewrites these rules.',
    });
    // The rules in the API's own shape: the adapters read and rewrite exactly these.
    this.ruleGroup.addPropertyOverride('Rules', [
      rateRule(Number(specs['login-rate-limit'].baseline), props.posture.loginPath),
      ...countryRules('off', props.posture.allowedCountries, props.posture.partlyLiftedCountries),
    ]);
    const published: ControlName[] = ['session-max-age', 'session-max-concurrent', 'detection-threshold'];
    this.parameters = published.map(
      (control) =>
        new StringParameter(this, `Parameter-${control}`, {
          parameterName: parameterName(control),
          stringValue: String(specs[control].baseline),
          description: `riposte posture: ${control} (${specs[control].unit}); riposte rewrites it during incidents`,
        }),
    );
    this.published = published;
    this.scheduleGroup = new CfnScheduleGroup(this, 'ScheduleGroup', { name: `${props.prefix}-relax` });
    const stack = Stack.of(this);
    this.relaxMachineArn = stack.formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: RELAX_MACHINE_NAME,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description:
        'EventBridge Scheduler: start the riposte relax state machine and page legal-clock reminders',
    });
    this.schedulerRole.addToPolicy(
      new PolicyStatement({ actions: ['states:StartExecution'], resources: [this.relaxMachineArn] }),
    );
  }

  get ruleGroupSetting() {
    return { name: this.ruleGroup.name, id: this.ruleGroup.attrId };
  }

  /** Read and rewrite the posture: the rule group (lock token) and the published parameters. */
  grantApply(fn: IFunction) {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['wafv2:GetRuleGroup', 'wafv2:UpdateRuleGroup'],
        resources: [this.ruleGroup.attrArn],
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['ssm:GetParameter', 'ssm:PutParameter'],
        resources: this.parameters.map((p) => p.parameterArn),
      }),
    );
  }

  /** Create one-time schedules in riposte's group, handing Scheduler its role (and only that role). */
  grantSchedule(fn: IFunction) {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['scheduler:CreateSchedule'],
        resources: [
          // Region and account as tokens, whether or not the stack is bound to an environment, so the
          // cdk-nag acknowledgement of this wildcard names the same resource everywhere.
          Stack.of(this).formatArn({
            service: 'scheduler',
            resource: 'schedule',
            resourceName: `${this.scheduleGroup.name}/*`,
            region: Aws.REGION,
            account: Aws.ACCOUNT_ID,
          }),
        ],
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({ actions: ['iam:PassRole'], resources: [this.schedulerRole.roleArn] }),
    );
  }
}
