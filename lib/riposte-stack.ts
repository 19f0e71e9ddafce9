import {
  Annotations,
  type CfnElement,
  CfnOutput,
  Duration,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { type IKey, Key } from 'aws-cdk-lib/aws-kms';
import { FunctionUrlAuthType, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { RiposteConfig } from '../lambdas/core/config.ts';
import { configForEnvironment } from '../lambdas/core/config-env.ts';
import { ENV } from '../lambdas/platform/deps.ts';
import { PLAYBOOKS } from '../playbooks/index.ts';
import type { ActionName } from '../playbooks/types.ts';
import { ActionFunction } from './constructs/action-function.ts';
import { ResponderConsole } from './constructs/console.ts';
import { Detection } from './constructs/detection.ts';
import { EvidenceBucket } from './constructs/evidence-bucket.ts';
import { grantLogArchiveReads, grantLogGroupReads } from './constructs/evidence-sources.ts';
import { grantIdentityAccess } from './constructs/identity-access.ts';
import { grantRequireMfa } from './constructs/mfa-access.ts';
import { OperationalAlarms } from './constructs/operational-alarms.ts';
import { PlaybookMachine } from './constructs/playbook-machine.ts';
import { PostureResources } from './constructs/posture-resources.ts';
import { ResponseDashboard } from './constructs/response-dashboard.ts';
import { StateTables } from './constructs/state-tables.ts';
import { Triggers } from './constructs/triggers.ts';
import { UserNotices } from './constructs/user-notices.ts';
import { WafBlocklist } from './constructs/waf-blocklist.ts';
import { pascalCase, playbookOutputKey } from './names.ts';

export interface RiposteStackProps extends StackProps {
  config: RiposteConfig;
}

/** Lambda environment variables are limited to 4 KB in total; the configuration must leave room. */
const MAX_CONFIG_ENV_BYTES = 3_000;

export class RiposteStack extends Stack {
  constructor(scope: Construct, id: string, props: RiposteStackProps) {
    super(scope, id, props);
    const { config } = props;
    const configJson = configForEnvironment(config);
    if (Buffer.byteLength(configJson) > MAX_CONFIG_ENV_BYTES) {
      throw new Error(
        `riposte configuration is ${Buffer.byteLength(configJson)} bytes beyond its defaults; Lambda environments hold 4 KB. Shorten the allow-list by merging CIDRs.`,
      );
    }

    const key = new Key(this, 'DataKey', {
      enableKeyRotation: true,
      description: 'riposte state, evidence and pages',
    });
    const tables = new StateTables(this, 'State', { key });
    Validations.of(this).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(tables.incidents.node.defaultChild as CfnElement)}.Arn>/index/*]`,
      reason:
        "CDK grants a table's indexes as <table>/index/*; the incidents table has one index (ByMonth, the case list).",
    });
    const evidence = new EvidenceBucket(this, 'Evidence', {
      key,
      retentionDays: config.evidence.retentionDays,
      lockMode: config.evidence.lockMode,
    });
    const pages = new Topic(this, 'PageTopic', {
      displayName: 'riposte incident pages',
      masterKey: key,
      enforceSSL: true,
    });
    if (config.pageEmail) pages.addSubscription(new EmailSubscription(config.pageEmail));
    const waf = new WafBlocklist(this, 'Waf', {
      scope: config.waf.scope,
      prefix: 'riposte',
      ipSetsV4: config.waf.ipSetsV4,
      ipSetsV6: config.waf.ipSetsV6,
    });
    const deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is the dead-letter queue of the alert triggers, the starter and the WAF writer queue.',
    });
    // Block and unblock requests wait here for the single WAF writer, which takes them in batches.
    const changeQueue = new Queue(this, 'BlocklistChanges', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      visibilityTimeout: Duration.minutes(30),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: 10 },
    });
    for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
      Validations.of(this).acknowledge({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: `CDK grants ${action} for envelope encryption of tables, topic and queue; the resource is riposte's one data key.`,
      });
    }

    const base = { [ENV.config]: configJson, [ENV.idempotencyTable]: tables.idempotency.tableName };
    /** One action Lambda; `incidents` gives it the incidents table and the matching grant, never one without the other. */
    const make = (
      handler: string,
      environment: Record<string, string>,
      extra: Partial<{ reservedConcurrency: number; timeout: Duration; incidents: 'read' | 'write' }> = {},
    ) => {
      const { incidents, ...fnProps } = extra;
      const action = new ActionFunction(this, pascalCase(handler), {
        handler,
        environment: {
          ...base,
          ...(incidents ? { [ENV.incidentsTable]: tables.incidents.tableName } : {}),
          ...environment,
        },
        ...fnProps,
      });
      tables.idempotency.grantReadWriteData(action.fn);
      if (incidents === 'write') grantIncidentWrites(tables.incidents, action.fn);
      if (incidents === 'read') tables.incidents.grantReadData(action.fn);
      return action.fn;
    };
    const writesIncidents = { incidents: 'write' } as const;

    const validate = make('validate-alert', {});
    const open = make('open-incident', {}, writesIncidents);
    const block = make('block-ips', { [ENV.changeQueueUrl]: changeQueue.queueUrl }, writesIncidents);
    const contain = make(
      'contain-accounts',
      { [ENV.appSessionsTable]: tables.appSessions.tableName },
      // Outside providers may ask it to wait (429 Retry-After) several times in one step.
      { ...writesIncidents, timeout: Duration.minutes(5) },
    );
    const collectEvidence = make(
      'collect-evidence',
      {
        [ENV.evidenceBucket]: evidence.bucket.bucketName,
        [ENV.blocklistTable]: tables.blocklist.tableName,
        [ENV.appSessionsTable]: tables.appSessions.tableName,
        [ENV.ipSets]: this.toJsonString(waf.setting()),
      },
      { ...writesIncidents, timeout: Duration.minutes(5) },
    );
    const seal = make(
      'seal-evidence',
      { [ENV.evidenceBucket]: evidence.bucket.bucketName, [ENV.signingKey]: evidence.signingKey.keyArn },
      writesIncidents,
    );
    const outcome = make('record-outcome', {}, writesIncidents);
    const validateRequest = make('validate-operator-request', {}, { incidents: 'read' });
    const approval = make('request-approval', { [ENV.pageTopicArn]: pages.topicArn }, writesIncidents);
    const unblock = make('unblock-ips', { [ENV.changeQueueUrl]: changeQueue.queueUrl }, writesIncidents);
    const page = make('page-responders', { [ENV.pageTopicArn]: pages.topicArn }, writesIncidents);
    const notifyOwner = make('notify-owner', { [ENV.pageTopicArn]: pages.topicArn }, writesIncidents);
    const watch = make('watch-account', {}, writesIncidents);
    const nameHosts = make('name-hosts-to-investigate', {}, writesIncidents);
    const investigateLockout = make('investigate-lockout', {}, writesIncidents);
    const syncWaf = make(
      'sync-waf',
      {
        [ENV.blocklistTable]: tables.blocklist.tableName,
        [ENV.ipSets]: this.toJsonString(waf.setting()),
        [ENV.pageTopicArn]: pages.topicArn,
      },
      // One writer at a time: WAF IP-set writes replace the whole set under a lock token.
      { reservedConcurrency: 1, timeout: Duration.minutes(5), incidents: 'write' },
    );

    changeQueue.grantSendMessages(block);
    changeQueue.grantSendMessages(unblock);
    tables.blocklist.grantReadWriteData(syncWaf);
    pages.grantPublish(syncWaf);
    tables.blocklist.grantReadData(collectEvidence);
    tables.appSessions.grantReadData(collectEvidence);
    tables.appSessions.grantReadWriteData(contain);
    grantEvidenceWrites(evidence.bucket, key, seal);
    grantEvidenceWrites(evidence.bucket, key, collectEvidence);
    // Only the seal function signs; everyone else verifies with the public key.
    evidence.signingKey.grant(seal, 'kms:Sign', 'kms:GetPublicKey');
    collectEvidence.addToRolePolicy(
      new PolicyStatement({ actions: ['wafv2:GetIPSet'], resources: waf.arns }),
    );
    grantLogArchiveReads(collectEvidence, config.evidence.s3Prefixes);
    grantLogGroupReads(collectEvidence, config.evidence.logGroups);
    // The investigations read the same log groups as evidence collection, and nothing else.
    for (const fn of [nameHosts, investigateLockout]) grantLogGroupReads(fn, config.evidence.logGroups);
    pages.grantPublish(page);
    pages.grantPublish(approval);
    pages.grantPublish(notifyOwner);
    syncWaf.addToRolePolicy(
      new PolicyStatement({
        actions: ['wafv2:GetIPSet', 'wafv2:UpdateIPSet'],
        resources: waf.arns,
      }),
    );
    syncWaf.addEventSource(
      new SqsEventSource(changeQueue, { batchSize: 10_000, maxBatchingWindow: Duration.seconds(1) }),
    );
    if (config.identity.providers.includes('cognito') && !config.identity.cognitoUserPoolId) {
      Annotations.of(this).addWarningV2(
        'riposte:cognitoUserPoolId',
        'identity.providers includes "cognito" but identity.cognitoUserPoolId is not set: containment of compromised accounts will fail, named on each incident that needs it. Set it with -c riposte=\'{"identity":{"cognitoUserPoolId":"…"}}\' or in cdk.json.',
      );
    }
    // Expired blocks leave WAF on a schedule too, not only when the blocklist next changes.
    new Rule(this, 'SweepExpiredBlocks', {
      description: 'riposte: reconcile WAF IP sets with the blocklist, dropping expired entries',
      schedule: Schedule.rate(Duration.minutes(5)),
      targets: [new LambdaFunction(syncWaf, { deadLetterQueue: deadLetters, retryAttempts: 2 })],
    });
    if (config.identity.providers.includes('cognito') && config.identity.cognitoUserPoolId) {
      contain.addToRolePolicy(
        new PolicyStatement({
          actions: [
            'cognito-idp:AdminGetUser',
            'cognito-idp:AdminListGroupsForUser',
            'cognito-idp:AdminUserGlobalSignOut',
            'cognito-idp:AdminSetUserPassword',
            'cognito-idp:AdminDisableUser',
            'cognito-idp:AdminEnableUser',
          ],
          resources: [
            this.formatArn({
              service: 'cognito-idp',
              resource: 'userpool',
              resourceName: config.identity.cognitoUserPoolId,
            }),
          ],
        }),
      );
    }

    const posture = new PostureResources(this, 'Posture', {
      scope: config.waf.scope,
      prefix: 'riposte',
      posture: config.posture,
    });
    const scheduling = {
      [ENV.scheduleGroup]: String(posture.scheduleGroup.name),
      [ENV.relaxMachineArn]: posture.relaxMachineArn,
      [ENV.schedulerRoleArn]: posture.schedulerRole.roleArn,
    };
    const applying = { [ENV.postureRuleGroup]: this.toJsonString(posture.ruleGroupSetting) };
    const tighten = make('tighten-posture', applying, writesIncidents);
    const scheduleRelaxation = make('schedule-relaxation', scheduling, writesIncidents);
    const relaxStage = make(
      'relax-stage',
      { ...applying, ...scheduling, [ENV.pageTopicArn]: pages.topicArn },
      writesIncidents,
    );
    posture.grantApply(tighten);
    posture.grantApply(relaxStage);
    grantRequireMfa(this, tighten, config, { enrollment: false });
    grantRequireMfa(this, relaxStage, config, { enrollment: true });
    posture.grantSchedule(scheduleRelaxation);
    posture.grantSchedule(relaxStage);
    pages.grantPublish(relaxStage);
    // Legal-clock reminders: Scheduler publishes them to the page topic itself.
    pages.grantPublish(posture.schedulerRole);
    // The gate looks for other incidents on the same indicators.
    tables.incidents.grant(relaxStage, 'dynamodb:Scan');
    for (const fn of [scheduleRelaxation, relaxStage]) {
      Validations.of(fn.role ?? fn).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${posture.scheduleGroup.name}/*]`,
        reason:
          "Schedule names carry the incident and stage, known only at run time; limited to riposte's schedule group.",
      });
    }
    grantIdentityAccess(this, contain, config);
    // Notices to account owners: drafted from the identity providers' contacts, sent after approval.
    const draftNotices = make(
      'draft-notices',
      { [ENV.appSessionsTable]: tables.appSessions.tableName },
      writesIncidents,
    );
    tables.appSessions.grantReadData(draftNotices);
    grantIdentityAccess(this, draftNotices, config);
    const sendNotices = make('send-notices', {}, { ...writesIncidents, timeout: Duration.minutes(15) });
    const noticeEvents = make('record-notice-event', {}, writesIncidents);
    new UserNotices(this, 'Notices', {
      config,
      draft: draftNotices,
      send: sendNotices,
      events: noticeEvents,
    });

    const actions: Record<ActionName, IFunction> = {
      'validate-alert': validate,
      'open-incident': open,
      'block-ips': block,
      'contain-accounts': contain,
      'collect-evidence': collectEvidence,
      'seal-evidence': seal,
      'record-outcome': outcome,
      'page-responders': page,
      'validate-operator-request': validateRequest,
      'unblock-ips': unblock,
      'request-approval': approval,
      'notify-owner': notifyOwner,
      'watch-account': watch,
      'name-hosts-to-investigate': nameHosts,
      'investigate-lockout': investigateLockout,
      'tighten-posture': tighten,
      'schedule-relaxation': scheduleRelaxation,
      'relax-stage': relaxStage,
      'draft-notices': draftNotices,
      'send-notices': sendNotices,
    };
    const machines = PLAYBOOKS.map((playbook) => ({
      playbook,
      machine: new PlaybookMachine(this, `Playbook-${playbook.id}`, { playbook, actions, config })
        .stateMachine,
    }));
    // Alerts start the incident playbooks; only Scheduler (and an operator) starts relax.
    const alertMachines = machines.filter(
      (m) => m.playbook.id !== 'relax' && m.playbook.id !== 'notify-users',
    );
    const starter = make(
      'start-playbook',
      {
        [ENV.playbookArns]: this.toJsonString(
          Object.fromEntries(alertMachines.map((m) => [m.playbook.id, m.machine.stateMachineArn])),
        ),
      },
      // The campaign index (which incident each source and account belongs to) lives in the incidents table.
      writesIncidents,
    );
    tables.incidents.grant(starter, 'dynamodb:BatchGetItem');
    for (const { machine } of alertMachines) machine.grantStartExecution(starter);
    const detection = new Detection(this, 'Detection', { key });
    const detect = make('detect', { [ENV.detectionStateTable]: detection.state.tableName });
    detection.connect(detect, config.detection.logGroups);
    // Detection alerts on fewer failures while an incident's posture holds its threshold down.
    posture.parameter('detection-threshold').grantRead(detect);
    detect.configureAsyncInvoke({ onFailure: new SqsDestination(deadLetters), retryAttempts: 2 });
    const callback = make('answer-approval', {}, writesIncidents);
    for (const { machine } of alertMachines) machine.grantTaskResponse(callback);
    // The notice approvals are answered through the same callback.
    machines.find((m) => m.playbook.id === 'notify-users')?.machine.grantTaskResponse(callback);
    // AWS_IAM auth: only principals allowed lambda:InvokeFunctionUrl can answer, and each answer names its caller.
    const callbackUrl = callback.addFunctionUrl({ authType: FunctionUrlAuthType.AWS_IAM });
    // A sweep the writer could not finish after Lambda's retries is parked too.
    syncWaf.configureAsyncInvoke({ onFailure: new SqsDestination(deadLetters), retryAttempts: 2 });
    // An alert the starter could not handle after Lambda's own retries lands in the dead-letter queue, not nowhere.
    starter.configureAsyncInvoke({ onFailure: new SqsDestination(deadLetters), retryAttempts: 2 });
    new Triggers(this, 'Triggers', { starter, deadLetterQueue: deadLetters });
    if (config.console.enabled) {
      // The responder's console: the same routes as `riposte console`, acting as the signed-in person.
      const consoleApi = make(
        'console-api',
        {
          [ENV.playbookArns]: this.toJsonString(
            Object.fromEntries(machines.map((m) => [m.playbook.id, m.machine.stateMachineArn])),
          ),
          ...scheduling,
        },
        writesIncidents,
      );
      for (const { machine } of machines) {
        machine.grantStartExecution(consoleApi);
        machine.grantTaskResponse(consoleApi);
      }
      posture.grantSchedule(consoleApi);
      Validations.of(consoleApi.role ?? consoleApi).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${posture.scheduleGroup.name}/*]`,
        reason:
          "Relax hold/resume from the console changes schedules named per incident and stage; limited to riposte's schedule group.",
      });
      new ResponderConsole(this, 'Console', { api: consoleApi, domainPrefix: config.console.domainPrefix });
    }
    new ResponseDashboard(this, 'Response', { playbooks: PLAYBOOKS.map((p) => p.id) });
    new OperationalAlarms(this, 'Alarms', {
      topic: pages,
      deadLetters,
      stateMachines: machines.map((m) => m.machine),
    });

    new CfnOutput(this, 'BlocklistRuleGroupArn', {
      value: waf.ruleGroup.attrArn,
      description: 'Attach to your web ACL',
    });
    new CfnOutput(this, 'PostureRuleGroupArn', {
      value: posture.ruleGroup.attrArn,
      description: 'Attach to your web ACL: login rate limit and country rule, rewritten by the posture',
    });
    new CfnOutput(this, 'RelaxScheduleGroup', { value: String(posture.scheduleGroup.name) });
    new CfnOutput(this, 'RelaxSchedulerRoleArn', { value: posture.schedulerRole.roleArn });
    new CfnOutput(this, 'EvidenceBucketName', { value: evidence.bucket.bucketName });
    new CfnOutput(this, 'EvidenceSigningKeyArn', {
      value: evidence.signingKey.keyArn,
      description: 'Verify evidence manifests with its public key (kms get-public-key)',
    });
    new CfnOutput(this, 'PageTopicArn', { value: pages.topicArn });
    new CfnOutput(this, 'ApprovalCallbackUrl', {
      value: callbackUrl.url,
      description:
        'POST {"taskToken","decision":"approve"|"deny","reason"} signed with SigV4 (service lambda)',
    });
    new CfnOutput(this, 'IncidentsTableName', { value: tables.incidents.tableName });
    new CfnOutput(this, 'BlocklistTableName', { value: tables.blocklist.tableName });
    new CfnOutput(this, 'AppSessionsTableName', { value: tables.appSessions.tableName });
    new CfnOutput(this, 'DetectionStateTableName', { value: detection.state.tableName });
    for (const { playbook, machine } of machines) {
      new CfnOutput(this, playbookOutputKey(playbook.id), { value: machine.stateMachineArn });
    }
  }
}

/** Evidence is write-once: put (with its retention) and read back under incidents/, never delete. */
function grantEvidenceWrites(bucket: Bucket, key: IKey, fn: IFunction) {
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: [
        's3:PutObject',
        's3:PutObjectRetention',
        's3:PutObjectLegalHold',
        's3:GetObject',
        's3:GetObjectVersion',
      ],
      resources: [bucket.arnForObjects('incidents/*')],
    }),
  );
  fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
  key.grant(fn, 'kms:GenerateDataKey', 'kms:Decrypt');
  Validations.of(fn.role ?? fn).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${Stack.of(bucket).getLogicalId(bucket.node.defaultChild as CfnElement)}.Arn>/incidents/*]`,
    reason: 'Evidence keys are named per incident at run time; access is limited to the incidents/ prefix.',
  });
}

/** Timelines are append-only: no riposte function may delete an incident item. */
function grantIncidentWrites(table: Table, fn: IFunction) {
  table.grant(
    fn,
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:Query',
    'dynamodb:UpdateItem',
  );
}
