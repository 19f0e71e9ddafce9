import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambdas/core/config.ts';
import { buildApp } from '../../lib/app.ts';

const synth = (consoleEnabled: boolean) => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'riposte-console-synth-'));
  const config = parseConfig({ console: { enabled: consoleEnabled } });
  const { app, stack } = buildApp({ skipBundling: true, outdir }, config);
  app.synth();
  const report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as {
    pluginReports: { violations: unknown[] }[];
  };
  return {
    template: Template.fromStack(stack),
    violations: report.pluginReports.flatMap((p) => p.violations),
  };
};

describe('the deployed console', () => {
  let template: Template;
  let violations: unknown[];
  beforeAll(() => {
    ({ template, violations } = synth(true));
  });

  it('is declared by default and passes cdk-nag AwsSolutions', () => {
    expect(parseConfig({}).console.enabled).toBe(true);
    expect(violations).toEqual([]);
  });

  it('signs in through a user pool that requires MFA, with responders and viewers groups', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup')).map(
      (g) => g.Properties.GroupName,
    );
    expect(groups.sort()).toEqual(['responders', 'viewers']);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
    });
  });

  it('serves the site from a private bucket through CloudFront with origin access control and security headers', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
        Logging: Match.anyValue(),
      }),
    });
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          FrameOptions: { FrameOption: 'DENY', Override: true },
          StrictTransportSecurity: Match.objectLike({ Preload: true }),
          ContentSecurityPolicy: Match.objectLike({
            ContentSecurityPolicy: Match.anyValue(),
          }),
        }),
      }),
    });
  });

  it('puts every API route behind the Cognito authorizer and runs the console-api function', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'JWT' });
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));
    expect(routes.length).toBe(2);
    for (const r of routes) expect(r.Properties.AuthorizationType).toBe('JWT');
    const fn = Object.values(template.findResources('AWS::Lambda::Function')).find(
      (f) => f.Metadata?.['riposte:handler'] === 'console-api',
    );
    expect(fn?.Properties.Environment.Variables).toHaveProperty('INCIDENTS_TABLE');
    // It may start the playbooks and answer their approvals, as the signed-in person.
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('states:SendTaskSuccess');
  });

  it('is left out when console.enabled is false', () => {
    const off = synth(false);
    off.template.resourceCountIs('AWS::Cognito::UserPool', 0);
    off.template.resourceCountIs('AWS::CloudFront::Distribution', 0);
    expect(off.violations).toEqual([]);
  });
});
