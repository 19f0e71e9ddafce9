import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { WAFV2Client } from '@aws-sdk/client-wafv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CloudWatchAlarmStates } from '../adapters/alarms/cloudwatch.ts';
import { SfnTaskAnswers } from '../adapters/approvals/sfn.ts';
import { S3LogArchive } from '../adapters/archive/s3.ts';
import { BlocklistStore } from '../adapters/dynamo/blocklist.ts';
import { BreakerStore } from '../adapters/dynamo/breaker.ts';
import { CampaignIndex } from '../adapters/dynamo/campaigns.ts';
import { CustodyLedger } from '../adapters/dynamo/custody.ts';
import { DetectionStateStore } from '../adapters/dynamo/detection-state.ts';
import { IncidentStore } from '../adapters/dynamo/incidents.ts';
import { PostureStore } from '../adapters/dynamo/posture.ts';
import { EventBridgeDetectionBus } from '../adapters/events/eventbridge.ts';
import { S3EvidenceStore } from '../adapters/evidence/s3.ts';
import { AppSessionsProvider } from '../adapters/identity/app-sessions.ts';
import { CognitoIdentityProvider } from '../adapters/identity/cognito-aws.ts';
import { identityProvidersFor } from '../adapters/identity/from-config.ts';
import { IamProvider } from '../adapters/identity/iam.ts';
import { CloudWatchLogSource } from '../adapters/logs/cloudwatch.ts';
import { PowertoolsResponseMetrics } from '../adapters/metrics/powertools.ts';
import { EventBridgeNoticeSender } from '../adapters/notices/eventbridge.ts';
import { SesNoticeSender } from '../adapters/notices/ses.ts';
import { SnsPager } from '../adapters/pager/sns.ts';
import { SsmParameterStore } from '../adapters/parameters/ssm.ts';
import { PostureControls } from '../adapters/posture/controls.ts';
import { AwsCognitoMfaApi } from '../adapters/posture/mfa-cognito.ts';
import { mfaEnforcersFor } from '../adapters/posture/mfa-from-config.ts';
import { SqsChangeQueue } from '../adapters/queue/sqs.ts';
import { AwsScheduler } from '../adapters/scheduler/aws.ts';
import { SecretsManagerSource } from '../adapters/secrets/aws.ts';
import { KmsManifestSigner } from '../adapters/signer/kms.ts';
import { SfnPlaybookStarter } from '../adapters/starter/sfn.ts';
import { AwsWafIpSets } from '../adapters/waf/aws.ts';
import { AwsWafRuleGroups } from '../adapters/waf-rules/aws.ts';
import { PostureRules } from '../adapters/waf-rules/posture-rules.ts';
import { systemClock } from '../core/clock.ts';
import { parseConfig } from '../core/config.ts';
import { controlSpecs } from '../core/posture.ts';
import { type Deps, ENV, lazy, parseIpSets, required } from './deps.ts';
import { WriteBudget } from './write-budget.ts';

/** Dependencies of a handler running in Lambda, read from the environment the stack set. */
export function awsDeps(env: NodeJS.ProcessEnv = process.env): Deps {
  const dynamo = lazy({
    client: () =>
      DynamoDBDocumentClient.from(new DynamoDBClient({}), {
        marshallOptions: { removeUndefinedValues: true },
      }),
  });
  const deps: Deps = lazy<Deps>({
    config: () => parseConfig(required(env, ENV.config), ENV.config),
    clock: () => systemClock,
    logger: () => new Logger({ serviceName: 'riposte' }),
    idempotency: () => () =>
      new DynamoDBPersistenceLayer({
        tableName: required(env, ENV.idempotencyTable),
        awsSdkV3Client: new DynamoDBClient({}),
      }),
    incidents: () => new IncidentStore(dynamo.client, required(env, ENV.incidentsTable)),
    blocklist: () => new BlocklistStore(dynamo.client, required(env, ENV.blocklistTable)),
    waf: () => new AwsWafIpSets(new WAFV2Client({})),
    ipSets: () => parseIpSets(required(env, ENV.ipSets), deps.config.waf.scope),
    sleep: () => (ms: number) => new Promise((resolve) => setTimeout(resolve, ms)),
    wafBudget: () => new WriteBudget(deps.config.waf.writesPerSecond, Date.now, deps.sleep),
    changes: () => new SqsChangeQueue(new SQSClient({}), required(env, ENV.changeQueueUrl)),
    pager: () => new SnsPager({ client: new SNSClient({}), topicArn: required(env, ENV.pageTopicArn) }),
    identityProviders: () =>
      identityProvidersFor(deps.config.identity, {
        cognito: () => {
          const userPoolId = deps.config.identity.cognitoUserPoolId;
          if (!userPoolId)
            throw new Error('identity.cognitoUserPoolId must be configured to contain Cognito accounts');
          return new CognitoIdentityProvider({ client: new CognitoIdentityProviderClient({}), userPoolId });
        },
        appSessions: () =>
          new AppSessionsProvider({
            client: dynamo.client,
            tableName: required(env, ENV.appSessionsTable),
            now: deps.clock,
          }),
        iam: () =>
          new IamProvider({
            client: new IAMClient({}),
            roles: deps.config.identity.iam?.roles ?? {},
            users: deps.config.identity.iam?.users ?? {},
            now: deps.clock,
          }),
        secrets: new SecretsManagerSource(new SecretsManagerClient({})),
        sleep: deps.sleep,
        now: deps.clock,
      }),
    taskAnswers: () => new SfnTaskAnswers(new SFNClient({})),
    breaker: () => new BreakerStore(dynamo.client, required(env, ENV.incidentsTable)),
    evidence: () =>
      new S3EvidenceStore({
        client: new S3Client({}),
        bucket: required(env, ENV.evidenceBucket),
        retentionDays: deps.config.evidence.retentionDays,
        lockMode: deps.config.evidence.lockMode,
        now: deps.clock,
      }),
    logs: () =>
      new CloudWatchLogSource({
        client: new CloudWatchLogsClient({}),
        logGroups: deps.config.evidence.logGroups,
      }),
    archive: () => new S3LogArchive(new S3Client({})),
    custody: () => new CustodyLedger(dynamo.client, required(env, ENV.incidentsTable)),
    signer: () => new KmsManifestSigner(new KMSClient({}), required(env, ENV.signingKey)),
    starter: () =>
      new SfnPlaybookStarter(
        new SFNClient({}),
        JSON.parse(required(env, ENV.playbookArns)) as Record<string, string>,
      ),
    campaigns: () => new CampaignIndex(dynamo.client, required(env, ENV.incidentsTable)),
    detectionState: () => new DetectionStateStore(dynamo.client, required(env, ENV.detectionStateTable)),
    detections: () => new EventBridgeDetectionBus(new EventBridgeClient({})),
    posture: () => new PostureStore(dynamo.client, required(env, ENV.incidentsTable)),
    postureControls: () =>
      new PostureControls(
        controlSpecs(deps.config.posture),
        new PostureRules({
          groups: new AwsWafRuleGroups(new WAFV2Client({})),
          ref: { ...JSON.parse(required(env, ENV.postureRuleGroup)), scope: deps.config.waf.scope },
          allowedCountries: deps.config.posture.allowedCountries,
          liftedCountries: deps.config.posture.partlyLiftedCountries,
        }),
        deps.parameters,
        deps.mfa,
      ),
    parameters: () => new SsmParameterStore(new SSMClient({})),
    scheduler: () =>
      new AwsScheduler({
        client: new SchedulerClient({}),
        groupName: required(env, ENV.scheduleGroup),
        stateMachineArn: required(env, ENV.relaxMachineArn),
        roleArn: required(env, ENV.schedulerRoleArn),
      }),
    responseMetrics: () => new PowertoolsResponseMetrics(),
    mfa: () =>
      mfaEnforcersFor(deps.config, {
        cognito: () => {
          const userPoolId = deps.config.identity.cognitoUserPoolId;
          if (!userPoolId)
            throw new Error('identity.cognitoUserPoolId must be configured to require MFA in Cognito');
          return new AwsCognitoMfaApi(new CognitoIdentityProviderClient({}), userPoolId);
        },
        parameters: deps.parameters,
        secrets: new SecretsManagerSource(new SecretsManagerClient({})),
        sleep: deps.sleep,
        now: deps.clock,
      }),
    alarms: () => new CloudWatchAlarmStates(new CloudWatchClient({})),
    notices: () =>
      deps.config.notices.channel === 'eventbridge'
        ? new EventBridgeNoticeSender(new EventBridgeClient({}))
        : new SesNoticeSender({
            client: new SESv2Client({}),
            from: deps.config.notices.from,
            configurationSet: deps.config.notices.configurationSet,
          }),
  });
  return deps;
}
