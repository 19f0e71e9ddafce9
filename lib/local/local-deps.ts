import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import type { LocalAlarmStates } from '../../lambdas/adapters/alarms/local.ts';
import type { TaskAnswers } from '../../lambdas/adapters/approvals/port.ts';
import type { LocalLogArchive } from '../../lambdas/adapters/archive/local.ts';
import { BlocklistStore } from '../../lambdas/adapters/dynamo/blocklist.ts';
import { BreakerStore } from '../../lambdas/adapters/dynamo/breaker.ts';
import { CampaignIndex } from '../../lambdas/adapters/dynamo/campaigns.ts';
import { CustodyLedger } from '../../lambdas/adapters/dynamo/custody.ts';
import { DetectionStateStore } from '../../lambdas/adapters/dynamo/detection-state.ts';
import { IncidentStore } from '../../lambdas/adapters/dynamo/incidents.ts';
import { PostureStore } from '../../lambdas/adapters/dynamo/posture.ts';
import type { LocalDetectionBus } from '../../lambdas/adapters/events/local.ts';
import type { LocalEvidenceStore } from '../../lambdas/adapters/evidence/local.ts';
import { AppSessionsProvider } from '../../lambdas/adapters/identity/app-sessions.ts';
import type { LocalUserPool } from '../../lambdas/adapters/identity/cognito-local.ts';
import { identityProvidersFor } from '../../lambdas/adapters/identity/from-config.ts';
import { LocalIam } from '../../lambdas/adapters/identity/iam-local.ts';
import type { LocalLogSource } from '../../lambdas/adapters/logs/local.ts';
import type { LocalResponseMetrics } from '../../lambdas/adapters/metrics/local.ts';
import type { LocalNoticeSender } from '../../lambdas/adapters/notices/local.ts';
import type { LocalTopic } from '../../lambdas/adapters/pager/local.ts';
import type { LocalParameterStore } from '../../lambdas/adapters/parameters/local.ts';
import { PostureControls } from '../../lambdas/adapters/posture/controls.ts';
import { LocalCognitoMfaApi } from '../../lambdas/adapters/posture/mfa-cognito-local.ts';
import { mfaEnforcersFor } from '../../lambdas/adapters/posture/mfa-from-config.ts';
import type { LocalChangeQueue } from '../../lambdas/adapters/queue/local.ts';
import type { LocalScheduler } from '../../lambdas/adapters/scheduler/local.ts';
import type { SecretSource } from '../../lambdas/adapters/secrets/port.ts';
import type { LocalManifestSigner } from '../../lambdas/adapters/signer/local.ts';
import type { PlaybookStarter } from '../../lambdas/adapters/starter/port.ts';
import type { LocalWaf } from '../../lambdas/adapters/waf/local.ts';
import type { LocalWafRuleGroups } from '../../lambdas/adapters/waf-rules/local.ts';
import { PostureRules } from '../../lambdas/adapters/waf-rules/posture-rules.ts';
import type { Clock } from '../../lambdas/core/clock.ts';
import { parseConfig } from '../../lambdas/core/config.ts';
import { controlSpecs } from '../../lambdas/core/posture.ts';
import { type Deps, ENV, parseIpSets } from '../../lambdas/platform/deps.ts';
import { WriteBudget } from '../../lambdas/platform/write-budget.ts';
import type { LocalDynamo } from './dynamo.ts';
import type { ProviderFaults } from './provider-faults.ts';
import type { VirtualTimer } from './virtual-timer.ts';

/** The adapters that stand in for AWS services locally; tests use them to seed users or inject faults. */
export interface LocalAdapters {
  waf: LocalWaf;
  userPool: LocalUserPool;
  topic: LocalTopic;
  evidence: LocalEvidenceStore;
  logs: LocalLogSource;
  changes: LocalChangeQueue;
  /** Detections published locally go to the runtime's alert entry. */
  detections: LocalDetectionBus;
  ruleGroups: LocalWafRuleGroups;
  parameters: LocalParameterStore;
  scheduler: LocalScheduler;
  /** What the outcome step published as response metrics. */
  responseMetrics: LocalResponseMetrics;
  /** Credentials of outside identity providers (secrets.json in the state folder). */
  secrets: SecretSource;
  /** Faults scenarios and tests inject into any identity provider. */
  faults: ProviderFaults;
  /** Where the IAM stand-in keeps its principals. */
  iamFile?: string;
  signer: LocalManifestSigner;
  archive: LocalLogArchive;
  /** Notices to users, as .eml files in the state folder. */
  notices: LocalNoticeSender;
  /** CloudWatch alarm states the relaxation gate reads (set by scenarios and tests). */
  alarms: LocalAlarmStates;
  /** Where the Cognito stand-in keeps its risk configuration (threat protection). */
  cognitoRiskFile?: string;
}

/** The same Deps the Lambdas get, built on the local stand-ins; resource names come from the template. */
export function localDeps(
  env: Record<string, string>,
  adapters: LocalAdapters,
  dynamo: LocalDynamo,
  clock: Clock,
  timer: VirtualTimer,
  starter: () => PlaybookStarter & TaskAnswers,
): Deps {
  const need = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`the template sets no ${name} on any function`);
    return value;
  };
  const config = parseConfig(need(ENV.config), ENV.config);
  const scope = config.waf.scope;
  const identityProviders = identityProvidersFor(config.identity, {
    cognito: () => adapters.userPool,
    appSessions: () =>
      new AppSessionsProvider({ client: dynamo.doc, tableName: need(ENV.appSessionsTable), now: clock }),
    iam: () =>
      new LocalIam({
        roles: config.identity.iam?.roles ?? {},
        users: config.identity.iam?.users ?? {},
        file: adapters.iamFile,
        now: clock,
      }),
    secrets: adapters.secrets,
    // Providers' Retry-After waits pass on the virtual clock: a simulation never sleeps for real.
    sleep: timer.sleep,
    now: clock,
  }).map((p) => adapters.faults.wrap(p));
  const mfa = mfaEnforcersFor(config, {
    cognito: () => new LocalCognitoMfaApi(adapters.userPool, adapters.cognitoRiskFile),
    parameters: adapters.parameters,
    secrets: adapters.secrets,
    sleep: timer.sleep,
    now: clock,
  });
  return {
    config,
    clock,
    logger: new Logger({
      serviceName: 'riposte',
      logLevel: (process.env.RIPOSTE_LOG_LEVEL ?? 'SILENT') as 'SILENT',
    }),
    idempotency: () =>
      new DynamoDBPersistenceLayer({ tableName: need(ENV.idempotencyTable), awsSdkV3Client: dynamo.client }),
    incidents: new IncidentStore(dynamo.doc, need(ENV.incidentsTable)),
    blocklist: new BlocklistStore(dynamo.doc, need(ENV.blocklistTable)),
    waf: adapters.waf,
    ipSets: parseIpSets(need(ENV.ipSets), scope),
    sleep: timer.sleep,
    wafBudget: new WriteBudget(config.waf.writesPerSecond, timer.now, timer.sleep),
    changes: adapters.changes,
    pager: adapters.topic,
    identityProviders,
    // Locally, an approval waits in the runtime only under the 'ask' policy (the console answers it).
    taskAnswers: { answer: (...answer) => starter().answer(...answer) },
    breaker: new BreakerStore(dynamo.doc, need(ENV.incidentsTable)),
    evidence: adapters.evidence,
    logs: adapters.logs,
    archive: adapters.archive,
    custody: new CustodyLedger(dynamo.doc, need(ENV.incidentsTable)),
    signer: adapters.signer,
    get starter() {
      return starter();
    },
    campaigns: new CampaignIndex(dynamo.doc, need(ENV.incidentsTable)),
    detectionState: new DetectionStateStore(dynamo.doc, need(ENV.detectionStateTable)),
    detections: adapters.detections,
    posture: new PostureStore(dynamo.doc, need(ENV.incidentsTable)),
    parameters: adapters.parameters,
    postureControls: new PostureControls(
      controlSpecs(config.posture),
      new PostureRules({
        groups: adapters.ruleGroups,
        ref: { ...JSON.parse(need(ENV.postureRuleGroup)), scope },
        allowedCountries: config.posture.allowedCountries,
        liftedCountries: config.posture.partlyLiftedCountries,
      }),
      adapters.parameters,
      mfa,
    ),
    scheduler: adapters.scheduler,
    notices: adapters.notices,
    responseMetrics: adapters.responseMetrics,
    mfa,
    alarms: adapters.alarms,
  };
}
