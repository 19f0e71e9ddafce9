import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambdas/core/config.ts';
import { buildApp } from '../../lib/app.ts';

const config = parseConfig({ detection: { logGroups: ['/aws/cognito/signins', 'windows-security'] } });

describe('the stack: detection and the manual doors in', () => {
  let template: Template;
  let violations: unknown[];
  const detectFunction = () =>
    Object.entries(template.findResources('AWS::Lambda::Function')).find(
      ([, f]) => f.Metadata?.['riposte:handler'] === 'detect',
    )?.[0] as string;
  const policyOf = (fnLogicalId: string) => {
    const role =
      template.findResources('AWS::Lambda::Function')[fnLogicalId]?.Properties.Role['Fn::GetAtt'][0];
    return Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties.Roles).includes(role),
    );
  };

  beforeAll(() => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'riposte-test-synth-'));
    const { app, stack } = buildApp({ skipBundling: true, outdir }, config);
    app.synth();
    template = Template.fromStack(stack);
    const report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    violations = report.pluginReports.flatMap((p: { violations: unknown[] }) => p.violations);
  });

  it('stays clean under cdk-nag AwsSolutions with log groups subscribed', () => {
    expect(violations).toEqual([]);
  });

  it("lets detect read the posture's detection threshold and no other parameter, and write none", () => {
    const statements = policyOf(detectFunction()).flatMap((p) => p.Properties.PolicyDocument.Statement);
    const [threshold] = Object.entries(template.findResources('AWS::SSM::Parameter')).find(
      ([, p]) => p.Properties.Name === '/riposte/posture/detection-threshold',
    ) as [string, unknown];
    const ssm = statements.filter((s) => JSON.stringify(s.Action).includes('ssm:'));
    expect(ssm.length).toBeGreaterThan(0);
    for (const statement of ssm) {
      expect(JSON.stringify(statement.Action)).not.toContain('ssm:Put');
      expect(JSON.stringify(statement.Resource)).toContain(`{"Ref":"${threshold}"}`);
    }
  });

  it('subscribes the detect function to every configured log group, and to nothing else', () => {
    const filters = Object.values(template.findResources('AWS::Logs::SubscriptionFilter'));
    expect(filters.map((f) => f.Properties.LogGroupName).sort()).toEqual([
      '/aws/cognito/signins',
      'windows-security',
    ]);
    for (const f of filters) {
      expect(f.Properties.FilterPattern).toBe('');
      expect(f.Properties.DestinationArn).toEqual({ 'Fn::GetAtt': [detectFunction(), 'Arn'] });
    }
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'logs.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [detectFunction(), 'Arn'] },
    });
  });

  it('keeps window state in an encrypted table with TTL, and lets detect publish only to the default bus', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
    });
    const statements = policyOf(detectFunction()).flatMap((p) => p.Properties.PolicyDocument.Statement);
    const putEvents = statements.find((s: { Action: unknown }) => s.Action === 'events:PutEvents');
    expect(JSON.stringify(putEvents.Resource)).toContain(':event-bus/default');
    const onState = statements.filter((s: { Resource: unknown }) =>
      JSON.stringify(s.Resource).includes('DetectionState'),
    );
    expect(onState.flatMap((s: { Action: string | string[] }) => [s.Action].flat()).sort()).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:DeleteItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
    ]);
    const actions = statements.flatMap((s: { Action: string | string[] }) => [s.Action].flat());
    expect(actions.some((a: string) => a.startsWith('states:'))).toBe(false);
  });

  it('creates the "Contain with riposte" custom action and routes it, and alarms named riposte-trigger-…, to the starter', () => {
    template.hasResourceProperties('AWS::SecurityHub::ActionTarget', {
      Name: 'Contain with riposte',
      Id: 'RiposteContain',
    });
    const action = Object.keys(template.findResources('AWS::SecurityHub::ActionTarget'))[0];
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.securityhub'],
        'detail-type': ['Security Hub Findings - Custom Action'],
        resources: [{ 'Fn::GetAtt': [action, 'ActionTargetArn'] }],
      },
      Targets: [
        Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('StartPlaybook'), 'Arn'] } }),
      ],
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.cloudwatch'],
        'detail-type': ['CloudWatch Alarm State Change'],
        detail: { alarmName: [{ prefix: 'riposte-trigger-' }], state: { value: ['ALARM'] } },
      },
    });
  });
});
