import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambdas/core/config.ts';
import { buildApp } from '../../lib/app.ts';

const config = parseConfig({
  identity: {
    providers: ['cognito', 'app-sessions'],
    cognitoUserPoolId: 'us-east-1_Pool123',
    okta: { baseUrl: 'https://example.okta.com', secretId: 'riposte/okta' },
    entra: { tenantId: 'contoso', secretId: 'riposte/entra' },
  },
  posture: {
    requireMfa: {
      cognito: { adminClientId: 'adminapp' },
      entra: { adminsPolicyId: 'ca-admins', everyonePolicyId: 'ca-all' },
      okta: { policyId: 'pol1', adminsRuleId: 'rule-admins' },
    },
    okAlarms: ['api-5xx-rate'],
  },
  notices: { officialSite: 'https://www.example.com', from: 'security@example.com' },
});

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };

describe('require-mfa, the gate and notices in the stack', () => {
  let template: Template;
  const statementsOf = (handler: string): Statement[] => {
    const fns = Object.values(template.findResources('AWS::Lambda::Function'));
    const role = String(
      fns.find((f) => f.Metadata?.['riposte:handler'] === handler)?.Properties.Role['Fn::GetAtt'][0],
    );
    return Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes(`"${role}"`))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
  };
  const allowing = (handler: string, action: string) =>
    statementsOf(handler).filter((s) => [s.Action].flat().includes(action));

  beforeAll(() => {
    const { app, stack } = buildApp(
      { skipBundling: true, outdir: mkdtempSync(path.join(tmpdir(), 'riposte-mfa-synth-')) },
      config,
    );
    // Throws if cdk-nag AwsSolutions reports an unacknowledged finding.
    app.synth();
    template = Template.fromStack(stack);
  });

  it('lets tighten and relax set the risk configuration of the one pool, and keep prior states in named parameters only', () => {
    for (const handler of ['tighten-posture', 'relax-stage']) {
      const risk = allowing(handler, 'cognito-idp:SetRiskConfiguration');
      expect(JSON.stringify(risk.map((s) => s.Resource))).toContain('userpool/us-east-1_Pool123');
      const ssm = JSON.stringify(allowing(handler, 'ssm:PutParameter').map((s) => s.Resource));
      for (const name of [
        'cognito/pool',
        'cognito/adminapp',
        'entra/ca-admins',
        'entra/ca-all',
        'okta/rule-admins',
      ])
        expect(ssm).toContain(`parameter/riposte/posture/require-mfa/${name}`);
      expect(ssm).not.toContain('require-mfa/*');
    }
    expect(allowing('tighten-posture', 'cognito-idp:ListUsers')).toEqual([]);
    expect(allowing('relax-stage', 'cognito-idp:ListUsers')).toHaveLength(1);
    expect(allowing('relax-stage', 'cloudwatch:DescribeAlarms')).toHaveLength(1);
  });

  it('sends notices from the configured address only, in its configuration set, and records bounces', () => {
    const [send] = allowing('send-notices', 'ses:SendEmail');
    expect(send?.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'security@example.com' } });
    template.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: 'riposte-notices' });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.ses'],
        'detail-type': ['Email Bounced', 'Email Complaint Received', 'Email Rejected'],
      },
    });
  });
});
