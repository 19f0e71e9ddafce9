import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambdas/core/config.ts';
import { buildApp } from '../../lib/app.ts';
import { PLAYBOOKS } from '../../playbooks/index.ts';

const config = parseConfig({ allowList: ['192.0.2.0/24'], posture: { allowedCountries: ['US', 'DE'] } });

interface Statement {
  Action: string | string[];
  Resource: unknown;
}

describe('the posture and its relaxation in the stack', () => {
  let template: Template;
  const resources = (type: string) => Object.entries(template.findResources(type));
  /** Every statement of the policies attached to a role. */
  const statementsOf = (role: string): Statement[] =>
    resources('AWS::IAM::Policy')
      .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(`"${role}"`))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
  const roleOf = (handler: string) => {
    const [, fn] =
      resources('AWS::Lambda::Function').find(([, f]) => f.Metadata?.['riposte:handler'] === handler) ?? [];
    return String(fn?.Properties.Role['Fn::GetAtt'][0]);
  };
  const allowed = (role: string, action: string) =>
    statementsOf(role).filter((s) => [s.Action].flat().includes(action));
  const logicalId = (type: string, name: string) =>
    resources(type).find(
      ([, r]) => r.Properties.Name === name || r.Properties.StateMachineName === name,
    )?.[0];

  beforeAll(() => {
    const { app, stack } = buildApp(
      { skipBundling: true, outdir: mkdtempSync(path.join(tmpdir(), 'riposte-posture-synth-')) },
      config,
    );
    // Throws if cdk-nag AwsSolutions reports an unacknowledged finding.
    app.synth();
    template = Template.fromStack(stack);
  });

  it('deploys the posture rule group at baseline: the login rate limit and the country rule counting only', () => {
    const [, group] =
      resources('AWS::WAFv2::RuleGroup').find(([, g]) => g.Properties.Name === 'riposte-posture') ?? [];
    const rules = group?.Properties.Rules as {
      Name: string;
      Action: unknown;
      Statement: {
        RateBasedStatement?: unknown;
        NotStatement?: { Statement: { GeoMatchStatement: { CountryCodes: string[] } } };
      };
    }[];
    expect(rules.map((r) => r.Name)).toEqual(['riposte-login-rate', 'riposte-countries']);
    expect(rules[0]?.Statement.RateBasedStatement).toMatchObject({ Limit: 1000, AggregateKeyType: 'IP' });
    expect(rules[1]?.Action).toEqual({ Count: {} });
    expect(rules[1]?.Statement.NotStatement?.Statement.GeoMatchStatement.CountryCodes).toEqual(['US', 'DE']);
  });

  it('publishes the session policy and the detection threshold as SSM parameters at baseline', () => {
    const parameters = Object.fromEntries(
      resources('AWS::SSM::Parameter').map(([, p]) => [p.Properties.Name, p.Properties.Value]),
    );
    expect(parameters).toEqual({
      '/riposte/posture/session-max-age': '120',
      '/riposte/posture/session-max-concurrent': '5',
      '/riposte/posture/detection-threshold': '20',
    });
  });

  it('lets Scheduler start the relax state machine and page legal-clock reminders, nothing else', () => {
    const [role, props] =
      resources('AWS::IAM::Role').find(([, r]) =>
        JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('scheduler.amazonaws.com'),
      ) ?? [];
    expect(JSON.stringify(props?.Properties.AssumeRolePolicyDocument)).toContain('aws:SourceAccount');
    const statements = statementsOf(String(role));
    const start = statements.find((s) => s.Action === 'states:StartExecution');
    expect(JSON.stringify(start?.Resource)).toContain(':stateMachine:riposte-relax');
    // Reminders: sns:Publish on the page topic only, and the key it is encrypted with.
    const publish = statements.find((s) => s.Action === 'sns:Publish');
    expect(publish?.Resource).toEqual({ Ref: resources('AWS::SNS::Topic')[0]?.[0] });
    const others = statements.filter((s) => s !== start && s !== publish);
    expect(others.map((s) => s.Action)).toEqual([['kms:Decrypt', 'kms:GenerateDataKey*']]);
    expect(logicalId('AWS::Scheduler::ScheduleGroup', 'riposte-relax')).toBeDefined();
  });

  it("grants posture writes on the posture rule group and parameters only, schedules in riposte's group only", () => {
    const group = logicalId('AWS::WAFv2::RuleGroup', 'riposte-posture');
    for (const handler of ['tighten-posture', 'relax-stage']) {
      const waf = allowed(roleOf(handler), 'wafv2:UpdateRuleGroup');
      expect(waf.map((s) => s.Resource)).toEqual([{ 'Fn::GetAtt': [group, 'Arn'] }]);
      const ssm = allowed(roleOf(handler), 'ssm:PutParameter');
      expect(JSON.stringify(ssm.map((s) => s.Resource))).not.toContain('*');
    }
    for (const handler of ['schedule-relaxation', 'relax-stage']) {
      const create = allowed(roleOf(handler), 'scheduler:CreateSchedule');
      expect(JSON.stringify(create.map((s) => s.Resource))).toContain(':schedule/riposte-relax/*');
      expect(allowed(roleOf(handler), 'iam:PassRole')).toHaveLength(1);
    }
    for (const handler of ['start-playbook', 'open-incident', 'block-ips'])
      expect(allowed(roleOf(handler), 'wafv2:UpdateRuleGroup')).toEqual([]);
  });

  it('starts relax only from Scheduler: the alert starter cannot', () => {
    const relax = logicalId('AWS::StepFunctions::StateMachine', 'riposte-relax');
    expect(relax).toBeDefined();
    const start = allowed(roleOf('start-playbook'), 'states:StartExecution');
    expect(JSON.stringify(start)).not.toContain(String(relax));
  });

  it('pages when a relax execution fails, and offers the console an input schema and example for it', () => {
    const relax = logicalId('AWS::StepFunctions::StateMachine', 'riposte-relax');
    const alarm = resources('AWS::CloudWatch::Alarm').find(([, a]) =>
      JSON.stringify(a.Properties.Dimensions).includes(String(relax)),
    );
    expect(alarm?.[1].Properties.MetricName).toBe('ExecutionsFailed');
    const playbook = PLAYBOOKS.find((p) => p.id === 'relax');
    expect(playbook?.input.safeParse(playbook.example).success).toBe(true);
    expect(playbook?.input.safeParse({ incidentId: 'INC-1', stage: 'x', attempt: 0 }).success).toBe(false);
  });
});
