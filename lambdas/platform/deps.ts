import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { AlarmStates } from '../adapters/alarms/port.ts';
import type { TaskAnswers } from '../adapters/approvals/port.ts';
import type { LogArchive } from '../adapters/archive/port.ts';
import type { BlocklistStore } from '../adapters/dynamo/blocklist.ts';
import type { BreakerStore } from '../adapters/dynamo/breaker.ts';
import type { CampaignIndex } from '../adapters/dynamo/campaigns.ts';
import type { CustodyLedger } from '../adapters/dynamo/custody.ts';
import type { DetectionStateStore } from '../adapters/dynamo/detection-state.ts';
import type { IncidentStore } from '../adapters/dynamo/incidents.ts';
import type { PostureStore } from '../adapters/dynamo/posture.ts';
import type { DetectionBus } from '../adapters/events/port.ts';
import type { EvidenceStore } from '../adapters/evidence/port.ts';
import type { IdentityProvider } from '../adapters/identity/port.ts';
import type { LogSource } from '../adapters/logs/port.ts';
import type { ResponseMetricsSink } from '../adapters/metrics/port.ts';
import type { NoticeSender } from '../adapters/notices/port.ts';
import type { Pager } from '../adapters/pager/port.ts';
import type { ParameterStore } from '../adapters/parameters/port.ts';
import type { PostureApplier } from '../adapters/posture/controls.ts';
import type { MfaEnforcer } from '../adapters/posture/mfa.ts';
import type { ChangeQueue } from '../adapters/queue/port.ts';
import type { Scheduler } from '../adapters/scheduler/port.ts';
import type { ManifestSigner } from '../adapters/signer/port.ts';
import type { PlaybookStarter } from '../adapters/starter/port.ts';
import type { IpSetRef, WafIpSets } from '../adapters/waf/port.ts';
import type { Clock } from '../core/clock.ts';
import type { RiposteConfig } from '../core/config.ts';
import type { WriteBudget } from './write-budget.ts';

/** Everything a handler may use. AWS and the local runtime each build one; handlers cannot tell which. */
export interface Deps {
  readonly config: RiposteConfig;
  readonly clock: Clock;
  readonly logger: Logger;
  /** A fresh Powertools persistence layer: each handler needs its own (its config is bound to it). */
  readonly idempotency: () => BasePersistenceLayer;
  readonly incidents: IncidentStore;
  readonly blocklist: BlocklistStore;
  readonly waf: WafIpSets;
  /** The IP sets of each family, in order; addresses fill them in turn. */
  readonly ipSets: Readonly<Record<4 | 6, readonly IpSetRef[]>>;
  readonly wafBudget: WriteBudget;
  /** Block and unblock requests waiting for the WAF writer. */
  readonly changes: ChangeQueue;
  readonly sleep: (ms: number) => Promise<void>;
  readonly pager: Pager;
  readonly identityProviders: readonly IdentityProvider[];
  /** Counts automated disables and resets for the circuit breaker. */
  readonly breaker: BreakerStore;
  /** Answers approval requests (the authenticated callback). */
  readonly taskAnswers: TaskAnswers;
  readonly evidence: EvidenceStore;
  readonly logs: LogSource;
  /** S3 prefixes where logs already land. */
  readonly archive: LogArchive;
  /** The evidence chain of custody (in the incidents table). */
  readonly custody: CustodyLedger;
  readonly signer: ManifestSigner;
  readonly starter: PlaybookStarter;
  /** Which incident each source and account last belonged to: alerts of one campaign join one incident. */
  readonly campaigns: CampaignIndex;
  /** The detect function's window state: recent records, users' sign-in profiles, published detections. */
  readonly detectionState: DetectionStateStore;
  /** Where detections go as `riposte.detection` events. */
  readonly detections: DetectionBus;
  /** What each open incident needs of every posture control (DynamoDB). */
  readonly posture: PostureStore;
  /** SSM Parameter Store: the posture's published settings (detection reads its threshold there). */
  readonly parameters: ParameterStore;
  /** Applies posture controls: WAF posture rules, SSM parameters. */
  readonly postureControls: PostureApplier;
  /** One-time schedules that start the relax state machine. */
  readonly scheduler: Scheduler;
  /** The outcome step's response metrics (CloudWatch through Powertools Metrics on AWS). */
  readonly responseMetrics: ResponseMetricsSink;
  /** Notices to the owners of contained accounts: SES, or an EventBridge event for the app's channel. */
  readonly notices: NoticeSender;
  /** The MFA policies posture.requireMfa names (require-mfa control, enrollment gate). */
  readonly mfa: readonly MfaEnforcer[];
  /** CloudWatch alarms the relaxation gate requires OK. */
  readonly alarms: AlarmStates;
}

/** Environment variable names shared by the stack (which sets them) and the AWS deps (which read them). */
export const ENV = {
  config: 'RIPOSTE_CONFIG',
  incidentsTable: 'INCIDENTS_TABLE',
  blocklistTable: 'BLOCKLIST_TABLE',
  idempotencyTable: 'IDEMPOTENCY_TABLE',
  appSessionsTable: 'APP_SESSIONS_TABLE',
  /** JSON: {"4":[{"name","id"}…],"6":[…]} */
  ipSets: 'IPSETS',
  changeQueueUrl: 'CHANGE_QUEUE_URL',
  pageTopicArn: 'PAGE_TOPIC_ARN',
  evidenceBucket: 'EVIDENCE_BUCKET',
  /** KMS key (ARN) that signs evidence manifests. */
  signingKey: 'EVIDENCE_SIGNING_KEY',
  playbookArns: 'PLAYBOOK_ARNS',
  detectionStateTable: 'DETECTION_STATE_TABLE',
  /** JSON: {"name","id"} of the posture rule group. */
  postureRuleGroup: 'POSTURE_RULE_GROUP',
  relaxMachineArn: 'RELAX_MACHINE_ARN',
  scheduleGroup: 'SCHEDULE_GROUP',
  schedulerRoleArn: 'SCHEDULER_ROLE_ARN',
} as const;

export class MissingSettingError extends Error {
  override name = 'MissingSetting';
}

/** Read an environment variable the stack must have set, with an error that says what to fix. */
export function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value)
    throw new MissingSettingError(
      `${name} is not set: this function was deployed without the resource it needs`,
    );
  return value;
}

/** Parse the IPSETS setting: the IP sets of each family, with the deployment's scope. */
export function parseIpSets(json: string, scope: IpSetRef['scope']): Record<4 | 6, IpSetRef[]> {
  const raw = JSON.parse(json) as Record<'4' | '6', { name: string; id: string }[]>;
  return { 4: raw['4'].map((s) => ({ ...s, scope })), 6: raw['6'].map((s) => ({ ...s, scope })) };
}

/** Build each dependency on first use, so a function only touches (and needs settings for) what it uses. */
export function lazy<T extends object>(factories: { [K in keyof T]: () => T[K] }): T {
  const cache = new Map<PropertyKey, unknown>();
  const target = {} as T;
  for (const key of Object.keys(factories) as (keyof T)[]) {
    Object.defineProperty(target, key, {
      enumerable: true,
      get() {
        if (!cache.has(key)) cache.set(key, factories[key]());
        return cache.get(key);
      },
    });
  }
  return target;
}
