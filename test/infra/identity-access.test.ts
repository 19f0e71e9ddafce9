import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambdas/core/config.ts';
import { buildApp } from '../../lib/app.ts';

const config = parseConfig({
  identity: {
    providers: ['cognito', 'okta', 'iam'],
    cognitoUserPoolId: 'eu-west-1_AbC123',
    okta: { baseUrl: 'https://example.okta.com', secretId: 'riposte/okta' },
    iam: { roles: { deployer: 'DeployRole' }, users: { bob: 'bob.smith' } },
  },
});

describe('identity access of the stack', () => {
  let template: Template;
  beforeAll(() => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'riposte-identity-synth-'));
    const { app, stack } = buildApp({ skipBundling: true, outdir }, config);
    // cdk-nag AwsSolutions stays clean with the extra grants (synth throws otherwise).
    app.synth();
    template = Template.fromStack(stack);
  });

  const containPolicy = () => {
    const policies = template.findResources('AWS::IAM::Policy');
    const statements = Object.entries(policies)
      .filter(([id]) => id.startsWith('ContainAccounts'))
      .flatMap(
        ([, p]) =>
          p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
      );
    return statements.map((s) => ({ actions: [s.Action].flat(), resource: JSON.stringify(s.Resource) }));
  };

  it('lets the contain step read only the configured provider secret', () => {
    const secret = containPolicy().filter((s) => s.actions.includes('secretsmanager:GetSecretValue'));
    expect(secret).toHaveLength(1);
    expect(secret[0]?.resource).toContain(':secret:riposte/okta-??????');
  });

  it('lets the contain step change only the mapped IAM role and user', () => {
    const iam = containPolicy().filter((s) => s.actions.some((a) => a.startsWith('iam:')));
    expect(iam.map((s) => s.resource).join(' ')).toMatch(/role\/DeployRole.*user\/bob\.smith/);
    expect(iam.flatMap((s) => s.actions)).toContain('iam:PutRolePolicy');
    expect(iam.every((s) => !s.resource.includes('"*"'))).toBe(true);
  });

  it('exposes the approval callback only behind AWS_IAM auth, allowed to answer task tokens', () => {
    template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'AWS_IAM' });
    const policies = template.findResources('AWS::IAM::Policy');
    const callback = Object.entries(policies).find(([id]) => id.startsWith('AnswerApproval'))?.[1];
    expect(JSON.stringify(callback)).toContain('states:SendTaskSuccess');
    template.hasOutput('ApprovalCallbackUrl', Match.anyValue());
  });
});
