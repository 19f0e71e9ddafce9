import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambdas/core/config.ts';
import { buildApp } from '../../lib/app.ts';

describe('evidence sources in the stack', () => {
  it('lets only the collect function read exactly the configured log groups and S3 prefixes, cdk-nag clean', () => {
    const config = parseConfig({
      evidence: {
        logGroups: ['/app/prod/auth'],
        s3Prefixes: [{ name: 'waf', bucket: 'aws-waf-logs-prod', prefix: 'AWSWAFLogs/' }],
      },
    });
    const outdir = mkdtempSync(path.join(tmpdir(), 'riposte-test-synth-'));
    const { app, stack } = buildApp({ skipBundling: true, outdir }, config);
    app.synth();
    const report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports.flatMap((p: { violations: unknown[] }) => p.violations)).toEqual([]);

    const template = Template.fromStack(stack);
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    const statementsOf = (handler: string) => {
      const fn = Object.values(template.findResources('AWS::Lambda::Function')).find(
        (f) => f.Metadata?.['riposte:handler'] === handler,
      );
      const role = fn?.Properties.Role['Fn::GetAtt'][0];
      return policies
        .filter((p) => JSON.stringify(p.Properties.Roles).includes(role))
        .flatMap((p) => p.Properties.PolicyDocument.Statement as Record<string, unknown>[]);
    };
    const collect = JSON.stringify(statementsOf('collect-evidence'));
    expect(collect).toContain('logs:FilterLogEvents');
    expect(collect).toContain('/app/prod/auth:*');
    expect(collect).toContain(':s3:::aws-waf-logs-prod/AWSWAFLogs/*');
    expect(statementsOf('collect-evidence')).toContainEqual(
      expect.objectContaining({
        Action: 's3:ListBucket',
        Condition: { StringLike: { 's3:prefix': 'AWSWAFLogs/*' } },
      }),
    );
    for (const other of ['seal-evidence', 'block-ips', 'contain-accounts']) {
      expect(JSON.stringify(statementsOf(other))).not.toContain('aws-waf-logs-prod');
      expect(JSON.stringify(statementsOf(other))).not.toContain('logs:FilterLogEvents');
    }
  });
});
