import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DETECTION_TYPES } from '../../lambdas/core/alerts.ts';
import { parseConfig } from '../../lambdas/core/config.ts';
import { buildApp } from '../../lib/app.ts';
import { PLAYBOOKS } from '../../playbooks/index.ts';

const config = parseConfig({
  allowList: ['192.0.2.0/24'],
  evidence: { retentionDays: 90, lockMode: 'COMPLIANCE' },
});

describe('the riposte stack', () => {
  let template: Template;
  let acknowledgements: { path: string; id: string; reason: string }[];
  let report: { pluginReports: { pluginName: string; violations: unknown[] }[] };

  beforeAll(() => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'riposte-test-synth-'));
    const { app, stack } = buildApp({ skipBundling: true, outdir }, config);
    // Throws ValidationFailed if cdk-nag AwsSolutions reports any finding nobody acknowledged.
    app.synth();
    template = Template.fromStack(stack);
    report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    acknowledgements = stack.node.findAll().flatMap((c) =>
      c.node.metadata
        .filter((m) => m.type === 'aws:cdk:acknowledged-rules')
        .flatMap((m) =>
          Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({
            path: c.node.path,
            id,
            reason,
          })),
        ),
    );
  });

  it('passes cdk-nag AwsSolutions with every acknowledgement explaining itself', () => {
    expect(report.pluginReports.flatMap((p) => p.violations)).toEqual([]);
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const a of acknowledgements) {
      expect(a.id, a.path).toMatch(/^Annotation::AwsSolutions-/);
      expect(a.reason.length, `${a.path} ${a.id}`).toBeGreaterThan(40);
    }
  });

  it('keeps incidents and the blocklist in encrypted, point-in-time-recoverable tables', () => {
    const tables = template.findResources('AWS::DynamoDB::Table');
    // incidents, blocklist, idempotency, app sessions, detection state
    expect(Object.keys(tables)).toHaveLength(5);
    for (const table of Object.values(tables)) {
      expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(table.Properties.SSESpecification).toMatchObject({ SSEEnabled: true, SSEType: 'KMS' });
    }
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'cidr', KeyType: 'HASH' }],
    });
  });

  it('seals evidence in a versioned, Object-Locked, KMS-encrypted, TLS-only, private, access-logged bucket', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 90 } },
      },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'evidence/' }),
    });
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
    const statements = policies.flatMap(
      (p) => p.Properties.PolicyDocument.Statement as Record<string, unknown>[],
    );
    expect(
      statements.some(
        (s) => s.Effect === 'Deny' && JSON.stringify(s.Condition).includes('aws:SecureTransport'),
      ),
    ).toBe(true);
    expect(
      statements.some(
        (s) =>
          s.Sid === 'DenyEvidenceDeletion' && JSON.stringify(s.Action).includes('s3:DeleteObjectVersion'),
      ),
    ).toBe(true);
  });

  it('signs manifests with a P-256 KMS key only the seal function may use to sign; collect reads its sources', () => {
    template.hasResourceProperties('AWS::KMS::Key', { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    const handlersAllowed = (action: string) =>
      Object.values(template.findResources('AWS::Lambda::Function'))
        .filter((fn) => fn.Metadata?.['riposte:handler'])
        .filter((fn) =>
          policies.some(
            (p) =>
              JSON.stringify(p.Properties.Roles).includes(fn.Properties.Role['Fn::GetAtt'][0]) &&
              JSON.stringify(p.Properties.PolicyDocument).includes(`"${action}"`),
          ),
        )
        .map((fn) => fn.Metadata['riposte:handler']);
    expect(handlersAllowed('kms:Sign')).toEqual(['seal-evidence']);
    expect(handlersAllowed('wafv2:GetIPSet').sort()).toEqual(['collect-evidence', 'sync-waf']);
    expect(handlersAllowed('s3:PutObjectLegalHold').sort()).toEqual(['collect-evidence', 'seal-evidence']);
    const statements = Object.values(template.findResources('AWS::S3::BucketPolicy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as Record<string, unknown>[],
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Sid: 'DenyUnencryptedUploads',
        Effect: 'Deny',
        Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
      }),
    );
    template.hasOutput('EvidenceSigningKeyArn', {});
  });

  it('pages through an encrypted, TLS-only topic', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    const policy = Object.values(template.findResources('AWS::SNS::TopicPolicy'))[0];
    expect(JSON.stringify(policy)).toContain('aws:SecureTransport');
  });

  it('spreads each address family over its configured IP sets, all blocked by one rule group', () => {
    const sets = Object.values(template.findResources('AWS::WAFv2::IPSet')).map((r) => r.Properties);
    expect(sets.filter((p) => p.IPAddressVersion === 'IPV4')).toHaveLength(config.waf.ipSetsV4);
    expect(sets.filter((p) => p.IPAddressVersion === 'IPV6')).toHaveLength(config.waf.ipSetsV6);
    for (const set of sets) expect(set).toMatchObject({ Scope: 'REGIONAL', Addresses: [] });
    const group = Object.values(template.findResources('AWS::WAFv2::RuleGroup')).find(
      (g) => g.Properties.Name === 'riposte-blocklist',
    );
    const rules = group?.Properties.Rules as {
      Action: unknown;
      Statement: { IPSetReferenceStatement: unknown };
    }[];
    expect(rules).toHaveLength(sets.length);
    expect(group?.Properties.Capacity).toBe(sets.length);
    for (const rule of rules) expect(rule.Action).toEqual({ Block: {} });
  });

  it('runs every action as an arm64 Lambda on the newest Node.js runtime, traced, with the handler named', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    const handlers = functions
      .map((f) => f.Metadata?.['riposte:handler'])
      .filter(Boolean)
      .sort();
    expect(handlers).toEqual([
      'answer-approval',
      'block-ips',
      'collect-evidence',
      'console-api',
      'contain-accounts',
      'detect',
      'draft-notices',
      'investigate-lockout',
      'name-hosts-to-investigate',
      'notify-owner',
      'open-incident',
      'page-responders',
      'record-notice-event',
      'record-outcome',
      'relax-stage',
      'request-approval',
      'schedule-relaxation',
      'seal-evidence',
      'send-notices',
      'start-playbook',
      'sync-waf',
      'tighten-posture',
      'unblock-ips',
      'validate-alert',
      'validate-operator-request',
      'watch-account',
    ]);
    for (const f of functions.filter((fn) => fn.Metadata?.['riposte:handler'])) {
      expect(f.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
      });
      expect(f.Properties.Environment.Variables.RIPOSTE_CONFIG).toBeDefined();
    }
  });

  it('grants the incidents table to every function told its name, and to no other', () => {
    const incidentsTable = Object.keys(template.findResources('AWS::DynamoDB::Table')).find((id) =>
      id.includes('Incidents'),
    );
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    for (const [id, fn] of Object.entries(template.findResources('AWS::Lambda::Function'))) {
      if (!fn.Metadata?.['riposte:handler']) continue;
      const told = fn.Properties.Environment.Variables.INCIDENTS_TABLE !== undefined;
      const role = fn.Properties.Role['Fn::GetAtt'][0];
      const granted = policies.some(
        (p) =>
          JSON.stringify(p.Properties.Roles).includes(role) &&
          JSON.stringify(p.Properties.PolicyDocument).includes(`"${incidentsTable}"`),
      );
      expect(granted, `${fn.Metadata['riposte:handler']} (${id})`).toBe(told);
    }
  });

  it('lets exactly one WAF writer run at a time, fed in batches by its change queue', () => {
    const writer = Object.entries(template.findResources('AWS::Lambda::Function')).find(
      ([, f]) => f.Metadata?.['riposte:handler'] === 'sync-waf',
    );
    expect(writer?.[1].Properties.ReservedConcurrentExecutions).toBe(1);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: writer?.[0] },
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('BlocklistChanges'), 'Arn'] },
      BatchSize: 10000,
      MaximumBatchingWindowInSeconds: 1,
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { maxReceiveCount: 10, deadLetterTargetArn: Match.anyValue() },
      KmsMasterKeyId: Match.anyValue(),
    });
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    const wafWriters = policies.filter((p) =>
      JSON.stringify(p.Properties.PolicyDocument).includes('wafv2:UpdateIPSet'),
    );
    expect(wafWriters).toHaveLength(1);
    // Only the writer may change the blocklist table: nobody else can race its unconditional batch writes.
    const writesBlocklist = (p: (typeof policies)[number]) =>
      (p.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[]).some(
        (st) =>
          /BatchWriteItem|PutItem|UpdateItem/.test(JSON.stringify(st.Action)) &&
          /StateBlocklist/.test(JSON.stringify(st.Resource)),
      );
    expect(policies.filter(writesBlocklist)).toHaveLength(1);
  });

  it('runs the credential-stuffing playbook as a logged, traced Standard state machine', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'riposte-credential-stuffing',
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: true }),
    });
  });

  it('starts playbooks from detections, GuardDuty findings and Security Hub imports', () => {
    const patterns = Object.values(template.findResources('AWS::Events::Rule')).map(
      (r) => r.Properties.EventPattern,
    );
    expect(patterns).toContainEqual({
      source: ['riposte.detection'],
      detail: {
        type: ['credential-stuffing', 'password-spray', 'brute-force', 'account-lockout', 'risky-signin'],
      },
    });
    for (const type of Object.keys(DETECTION_TYPES)) expect(PLAYBOOKS.map((p) => p.id)).toContain(type);
    expect(patterns).toContainEqual(
      expect.objectContaining({
        source: ['aws.guardduty'],
        detail: expect.objectContaining({
          type: expect.arrayContaining(['UnauthorizedAccess:EC2/SSHBruteForce']),
        }),
      }),
    );
    expect(patterns).toContainEqual(
      expect.objectContaining({ 'detail-type': ['Security Hub Findings - Imported'] }),
    );
  });

  it('pages about its own failures, parks undeliverable alerts and sweeps expired blocks on a schedule', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    const metrics = alarms.map((a) => a.Properties.MetricName).sort();
    expect(metrics).toEqual([
      'ApproximateNumberOfMessagesVisible',
      ...PLAYBOOKS.map(() => 'ExecutionsFailed'),
    ]);
    for (const alarm of alarms) expect(JSON.stringify(alarm.Properties.AlarmActions)).toMatch(/PageTopic/);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetters'), 'Arn'] } },
      },
    });
    const writer = Object.entries(template.findResources('AWS::Lambda::Function')).find(
      ([, f]) => f.Metadata?.['riposte:handler'] === 'sync-waf',
    )?.[0];
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [writer, 'Arn'] } })],
    });
  });

  it('refuses invalid deploy-time configuration with a message naming the field', () => {
    expect(() => parseConfig({ allowList: ['10.0.0.0/33'] })).toThrow(/allowList\.0/);
    expect(() => parseConfig({ waf: { scope: 'GLOBAL' } })).toThrow(/waf\.scope/);
    expect(() => parseConfig({ evidence: { retentionDays: 0 } })).toThrow(/evidence\.retentionDays/);
    expect(() => parseConfig({ identity: { providers: ['okta'] } })).toThrow(/identity\.providers/);
    expect(() => parseConfig({ unknownSetting: true })).toThrow(/unknownSetting|Unrecognized/);
  });
});
