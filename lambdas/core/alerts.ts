import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isPlausibleIso, TIME_RANGE } from './clock.ts';
import { CRITICAL_IDENTITY_EVENTS, deriveRisk, scoreOfRiskLevel } from './risk.ts';
import { InvalidInputError, parseInput as parse } from './validate.ts';

/** Kinds of attack riposte's detectors name, each with its MITRE ATT&CK technique and its playbook. */
export const DETECTION_TYPES = {
  'credential-stuffing': 'T1110.004',
  'password-spray': 'T1110.003',
  'brute-force': 'T1110.001',
  'account-lockout': 'T1110',
  'risky-signin': 'T1078',
} as const;
export type DetectionType = keyof typeof DETECTION_TYPES;

/** Playbooks an alert can start. */
export const PLAYBOOK_IDS = [
  'credential-stuffing',
  'password-spray',
  'brute-force',
  'account-lockout',
  'risky-signin',
  'block-ips',
  'unblock-ips',
  'contain-user',
] as const;
export type PlaybookId = (typeof PLAYBOOK_IDS)[number];

const userName = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[^\p{Cc}]+$/u, 'must not contain control characters');
const isoTime = z.iso.datetime({ offset: true }).refine(isPlausibleIso, `must be a time ${TIME_RANGE}`);
/** IP validity is judged later, per address, so one bad address never discards the others. */
const address = z.string().min(1).max(64);
/** A host name standing for a source when the record has no IP (e.g. WORKSTATION5), or an internal host. */
const hostName = z.string().min(1).max(255);
/** The stretch of logs the detection saw: what evidence and investigation steps read back. */
const EvidenceWindow = z.object({ start: isoTime, end: isoTime });

function validLevel(level: string): boolean {
  try {
    scoreOfRiskLevel(level);
    return true;
  } catch {
    return false;
  }
}
const RISK_LEVEL_MESSAGE =
  'must be an Entra ID or Okta risk level: none, low, medium, high (hidden or unknownFutureValue: not known)';

/** The playbook input: what every trigger is normalized into, and what the console may start directly. */
export const AlertSchema = z.object({
  alertId: z.string().min(1).max(512),
  origin: z
    .enum(['riposte.detection', 'guardduty', 'securityhub', 'cloudwatch', 'console'])
    .default('console'),
  type: z.string().min(1).max(256),
  playbook: z.enum(PLAYBOOK_IDS),
  title: z.string().max(1024).default(''),
  severity: z.number().min(0).max(100),
  observedAt: isoTime,
  sourceIps: z.array(address).max(10_000).default([]),
  targetedUsers: z.array(userName).max(10_000).default([]),
  compromisedUsers: z.array(userName).max(1_000).default([]),
  /** MITRE ATT&CK technique, e.g. T1110.003. */
  technique: z.string().max(32).optional(),
  /** Sources known by host name only, or internal hosts to investigate rather than block. */
  sourceHosts: z.array(hostName).max(1_000).default([]),
  window: EvidenceWindow.optional(),
  /** 0–100 risk of a risky sign-in: below 40 record, 40–69 step-up, 70+ contain. */
  riskScore: z.number().min(0).max(100).optional(),
  /** Entra ID Protection or Okta risk level (none, low, medium, high): the risk when riskScore is absent. */
  riskLevel: z.string().max(32).refine(validLevel, RISK_LEVEL_MESSAGE).optional(),
  /** A critical account event (password or MFA change, disabled account) that re-evaluates the sign-in at once. */
  identityEvent: z.enum(CRITICAL_IDENTITY_EVENTS).optional(),
  /** Why the detector fired, in words, for the page and the report. */
  reasons: z.array(z.string().max(1024)).max(100).default([]),
  /** The campaign incident this alert joins (set by correlation, or by hand); absent: the alert's own. */
  incidentId: z
    .string()
    .regex(/^INC-\d{8}-[0-9a-f]{8}$/, 'must look like INC-20261120-3f9a1c2b')
    .optional(),
});
export type Alert = z.output<typeof AlertSchema>;

/** The detail of a `riposte.detection` EventBridge event, as riposte's detectors emit it. */
export const DetectionSchema = z.object({
  id: z.string().min(1).max(256),
  type: z.string().min(1),
  technique: z.string().max(32).optional(),
  severity: z.number().min(0).max(100),
  observedAt: isoTime,
  title: z.string().optional(),
  sourceIps: z.array(address).max(10_000).default([]),
  sourceHosts: z.array(hostName).max(1_000).default([]),
  targetedUsers: z.array(userName).max(10_000).default([]),
  compromisedUsers: z.array(userName).max(1_000).default([]),
  window: EvidenceWindow.optional(),
  riskScore: z.number().min(0).max(100).optional(),
  riskLevel: z.string().max(32).refine(validLevel, RISK_LEVEL_MESSAGE).optional(),
  identityEvent: z.enum(CRITICAL_IDENTITY_EVENTS).optional(),
  reasons: z.array(z.string().max(1024)).max(100).default([]),
});
export type Detection = z.output<typeof DetectionSchema>;

const Envelope = z.object({
  source: z.string(),
  'detail-type': z.string(),
  id: z.string().optional(),
  time: z.string().optional(),
  detail: z.record(z.string(), z.unknown()),
});

/** GuardDuty finding types whose remote IP is an attacker guessing or stuffing credentials. */
export const CREDENTIAL_ATTACK_FINDING_TYPES = [
  'UnauthorizedAccess:EC2/SSHBruteForce',
  'UnauthorizedAccess:EC2/RDPBruteForce',
] as const;
const CREDENTIAL_ATTACK_FINDINGS: ReadonlySet<string> = new Set(CREDENTIAL_ATTACK_FINDING_TYPES);

const GuardDutyDetail = z.object({
  id: z.string().min(1),
  type: z.string(),
  severity: z.number().min(0).max(10),
  title: z.string().default(''),
  updatedAt: isoTime.optional(),
  service: z.object({
    resourceRole: z.string().optional(),
    /** `{sample: true}` on findings GuardDuty's CreateSampleFindings generates. */
    additionalInfo: z.object({ sample: z.unknown().optional() }).loose().optional(),
    eventLastSeen: isoTime.optional(),
    action: z
      .object({
        networkConnectionAction: z
          .object({
            remoteIpDetails: z.object({
              ipAddressV4: z.string().optional(),
              ipAddressV6: z.string().optional(),
            }),
          })
          .optional(),
      })
      .optional(),
  }),
});

const AsffFinding = z.object({
  Id: z.string().min(1),
  Types: z.array(z.string()).default([]),
  Title: z.string().default(''),
  Severity: z.object({ Normalized: z.number().min(0).max(100).optional(), Label: z.string().optional() }),
  LastObservedAt: isoTime.optional(),
  UpdatedAt: isoTime,
  ProductFields: z.record(z.string(), z.string()).default({}),
});

export type Routed = { alert: Alert } | { ignored: string };

/**
 * Normalize an EventBridge event (or a console playbook input) into alerts.
 * Returns one entry per finding; findings that are not credential attacks are ignored with a reason.
 * Throws InvalidInput naming the field when the event itself is malformed.
 */
export function normalizeEvent(raw: unknown): Routed[] {
  if (isObject(raw) && 'alertId' in raw) return [{ alert: withRisk(parse(AlertSchema, raw, '')) }];
  // GuardDuty's own sample exports wrap a finding without the EventBridge envelope.
  if (isObject(raw) && !('source' in raw) && isObject(raw.detail) && isObject(raw.detail.service)) {
    if (raw.detail.service.serviceName === 'guardduty') return [fromGuardDuty(raw.detail)];
  }
  const event = parse(Envelope, raw, '');
  if (event.source === 'riposte.detection') return [fromDetection(event.detail)];
  if (event.source === 'aws.guardduty' && event['detail-type'] === 'GuardDuty Finding') {
    return [fromGuardDuty(event.detail)];
  }
  if (event.source === 'aws.securityhub' && event['detail-type'] === 'Security Hub Findings - Imported') {
    const findings = parse(z.array(z.unknown()).min(1), event.detail.findings, 'detail.findings');
    return findings.map((f, i) => fromAsff(f, `detail.findings[${i}]`));
  }
  if (
    event.source === 'aws.securityhub' &&
    event['detail-type'] === 'Security Hub Findings - Custom Action'
  ) {
    return [fromCustomAction(event.id, event.detail)];
  }
  if (event.source === 'aws.cloudwatch' && event['detail-type'] === 'CloudWatch Alarm State Change') {
    return [fromAlarm(event.detail)];
  }
  throw new InvalidInputError(
    `source: events from "${event.source}" / "${event['detail-type']}" have no playbook; expected riposte.detection, a GuardDuty finding, a Security Hub imported finding or custom action, or a CloudWatch alarm state change`,
  );
}

function fromDetection(raw: unknown): Routed {
  const d = parse(DetectionSchema, raw, 'detail');
  // Own keys only: `__proto__`, `constructor` and `toString` are inherited, not detection types.
  if (!Object.hasOwn(DETECTION_TYPES, d.type))
    return { ignored: `detection type "${d.type}" has no playbook` };
  const { id, type, title, ...rest } = d;
  return {
    alert: withRisk({
      ...rest,
      alertId: id,
      origin: 'riposte.detection',
      type,
      playbook: type as DetectionType,
      title: title ?? `${type} against ${d.targetedUsers.length} account(s)`,
      technique: d.technique ?? DETECTION_TYPES[type as DetectionType],
    }),
  };
}

/**
 * A risky sign-in always carries the risk its playbook decides on: `riskScore`, else the mapped `riskLevel`,
 * else the severity (lambdas/core/risk.ts), with where it came from as the first reason.
 */
function withRisk(alert: Alert): Alert {
  if (alert.playbook !== 'risky-signin' || alert.riskScore !== undefined) return alert;
  const risk = deriveRisk(alert);
  return {
    ...alert,
    riskScore: risk.score,
    reasons: [`risk ${risk.score} taken from ${risk.from}`, ...alert.reasons].slice(0, 100),
  };
}

/** GuardDuty marks generated findings `sample: true` (a boolean, or "true" in Security Hub's ProductFields). */
function isSample(flag: unknown): boolean {
  return flag === true || flag === 'true';
}

function sampleIgnored(what: string): string {
  return `${what} is a sample (additionalInfo.sample: true, as CreateSampleFindings makes them): recorded, not acted on`;
}

function fromGuardDuty(raw: unknown): Routed {
  const d = parse(GuardDutyDetail, raw, 'detail');
  if (isSample(d.service.additionalInfo?.sample))
    return { ignored: sampleIgnored(`GuardDuty finding ${d.id}`) };
  if (!CREDENTIAL_ATTACK_FINDINGS.has(d.type))
    return { ignored: `GuardDuty finding type ${d.type} is not a credential attack` };
  if (d.service.resourceRole !== 'TARGET') {
    return {
      ignored: `GuardDuty finding ${d.id}: the resource is the ${d.service.resourceRole ?? 'unknown'} role, not the target`,
    };
  }
  const remote = d.service.action?.networkConnectionAction?.remoteIpDetails;
  const ip = remote?.ipAddressV4 ?? remote?.ipAddressV6;
  if (!ip) return { ignored: `GuardDuty finding ${d.id} carries no remote IP` };
  return {
    alert: {
      alertId: `guardduty:${d.id}`,
      origin: 'guardduty',
      type: d.type,
      playbook: 'credential-stuffing',
      title: d.title,
      severity: Math.round(d.severity * 10),
      observedAt: d.service.eventLastSeen ?? d.updatedAt ?? new Date(0).toISOString(),
      sourceIps: [ip],
      targetedUsers: [],
      compromisedUsers: [],
      sourceHosts: [],
      reasons: [],
    },
  };
}

function fromAsff(raw: unknown, path: string): Routed {
  const f = parse(AsffFinding, raw, path);
  // ASFF writes GuardDuty's "A:B/C" type as "…/A:B-C" in Types.
  const type = f.Types.map((t) => t.split('/').pop() ?? '').find((t) =>
    CREDENTIAL_ATTACK_FINDINGS.has(t.replace('-', '/')),
  );
  if (!type)
    return {
      ignored: `Security Hub finding ${f.Id} is not a credential attack (${f.Types.join(', ') || 'no type'})`,
    };
  const fields = f.ProductFields;
  if (isSample(fields['aws/guardduty/service/additionalInfo/sample']))
    return { ignored: sampleIgnored(`Security Hub finding ${f.Id}`) };
  if (fields['aws/guardduty/service/resourceRole'] !== 'TARGET') {
    return { ignored: `Security Hub finding ${f.Id}: the resource is not the target of the attack` };
  }
  const ip = Object.entries(fields).find(([k]) => /remoteIpDetails\/ipAddressV[46]$/.test(k))?.[1];
  if (!ip) return { ignored: `Security Hub finding ${f.Id} carries no remote IP` };
  return {
    alert: {
      alertId: `securityhub:${f.Id}`,
      origin: 'securityhub',
      type: type.replace('-', '/'),
      playbook: 'credential-stuffing',
      title: f.Title,
      severity: f.Severity.Normalized ?? 40,
      observedAt: f.LastObservedAt ?? f.UpdatedAt,
      sourceIps: [ip],
      targetedUsers: [],
      compromisedUsers: [],
      sourceHosts: [],
      reasons: [],
    },
  };
}

const AsffWithResources = AsffFinding.extend({ Resources: z.array(z.unknown()).default([]) });
const CustomActionDetail = z.object({
  actionName: z.string().default(''),
  findings: z.array(z.unknown()).min(1).max(100),
});

/**
 * "Contain with riposte", clicked in the Security Hub console on selected findings: a responder asked for it,
 * so nothing is ignored. One incident for the selection (docs/detection.md, "Every door in"): attacker IPs the findings carry are
 * blocked, IAM users they name are recorded as targeted (investigated, not reset), and the findings
 * themselves, evidence and a page make the rest — compliance findings carry no attacker to block.
 */
function fromCustomAction(eventId: string | undefined, raw: unknown): Routed {
  const d = parse(CustomActionDetail, raw, 'detail');
  const findings = d.findings.map((f, i) => parse(AsffWithResources, f, `detail.findings[${i}]`));
  const ips = d.findings.flatMap((f, i) => {
    const routed = fromAsff(f, `detail.findings[${i}]`);
    return 'alert' in routed ? routed.alert.sourceIps : [];
  });
  const users = findings.flatMap((f) => iamUsersOf(f.Resources));
  const latest = findings
    .map((f) => f.LastObservedAt ?? f.UpdatedAt)
    .sort()
    .at(-1) as string;
  return {
    alert: {
      alertId: `securityhub-action:${eventId ?? findings.map((f) => f.Id).join(',')}`,
      origin: 'securityhub',
      type: 'Security Hub Findings - Custom Action',
      playbook: 'credential-stuffing',
      title:
        `Security Hub action "${d.actionName}" on ${findings.length} finding(s): ${findings[0]?.Title ?? ''}`.slice(
          0,
          1024,
        ),
      severity: Math.max(40, ...findings.map((f) => f.Severity.Normalized ?? 40)),
      observedAt: latest,
      sourceIps: [...new Set(ips)],
      targetedUsers: [...new Set(users)],
      compromisedUsers: [],
      sourceHosts: [],
      reasons: findings.map((f) => `${f.Title} (${f.Id})`.slice(0, 1024)),
    },
  };
}

/** IAM user names in ASFF resources (AwsIamUser, AwsIamAccessKey). */
function iamUsersOf(resources: unknown): string[] {
  if (!Array.isArray(resources)) return [];
  return resources.flatMap((r) => {
    const details = isObject(r) && isObject(r.Details) ? r.Details : {};
    const user = isObject(details.AwsIamUser) ? details.AwsIamUser.UserName : undefined;
    const key = isObject(details.AwsIamAccessKey) ? details.AwsIamAccessKey.PrincipalName : undefined;
    return [user, key].filter((u): u is string => typeof u === 'string' && u.length > 0);
  });
}

const AlarmDetail = z.object({
  alarmName: z.string().min(1),
  state: z.object({
    value: z.string(),
    reason: z.string().default(''),
    // CloudWatch writes "2019-10-02T17:04:40.989+0000": the offset without its colon.
    timestamp: z.string().transform((t, ctx) => {
      const at = Date.parse(t.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
      if (!Number.isNaN(at)) return new Date(at).toISOString();
      ctx.addIssue({ code: 'custom', message: `"${t}" is not a timestamp` });
      return z.NEVER;
    }),
  }),
  configuration: z.object({ description: z.string().optional() }).loose().optional(),
});

/**
 * A CloudWatch alarm that went to ALARM (a spike of failed sign-ins, of WAF blocks …): it names no attacker,
 * so the playbook opens the incident, seals the logs of the window and pages; other states are ignored.
 */
function fromAlarm(raw: unknown): Routed {
  const d = parse(AlarmDetail, raw, 'detail');
  if (d.state.value !== 'ALARM')
    return { ignored: `alarm ${d.alarmName} went to ${d.state.value}, not ALARM` };
  return {
    alert: {
      alertId: `cloudwatch:${d.alarmName}:${d.state.timestamp}`,
      origin: 'cloudwatch',
      type: 'CloudWatch Alarm State Change',
      playbook: 'credential-stuffing',
      title:
        `Alarm ${d.alarmName}${d.configuration?.description ? `: ${d.configuration.description}` : ''}`.slice(
          0,
          1024,
        ),
      severity: 50,
      observedAt: d.state.timestamp,
      sourceIps: [],
      targetedUsers: [],
      compromisedUsers: [],
      sourceHosts: [],
      reasons: [d.state.reason.slice(0, 1024)].filter(Boolean),
    },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short stable digest of an alert's identity: re-deliveries map to the same incident and execution. */
export function alertDigest(alert: Pick<Alert, 'alertId' | 'origin'>): string {
  return createHash('sha256').update(`${alert.origin}\n${alert.alertId}`).digest('hex');
}

/** Incident id: readable date plus digest, e.g. INC-20261120-3f9a1c2b. */
export function incidentIdFor(alert: Pick<Alert, 'alertId' | 'origin' | 'observedAt'>): string {
  const day = alert.observedAt.slice(0, 10).replaceAll('-', '');
  return `INC-${day}-${alertDigest(alert).slice(0, 8)}`;
}

/** The incident an alert belongs to: the campaign it joined, or its own. */
export function incidentOf(alert: Pick<Alert, 'alertId' | 'origin' | 'observedAt' | 'incidentId'>): string {
  return alert.incidentId ?? incidentIdFor(alert);
}

/**
 * Step Functions execution name: unique for 90 days, at most 80 characters of [A-Za-z0-9-_]. Derived from
 * the incident; an alert joining another alert's incident adds its own digest (ADR 0010), so every alert of
 * a campaign runs once and a re-delivered one starts nothing.
 */
export function executionNameFor(alert: Alert): string {
  const own = incidentIdFor(alert);
  const incident = incidentOf(alert);
  const name =
    incident === own
      ? `${alert.playbook}-${own}`
      : `${alert.playbook}-${incident}-${alertDigest(alert).slice(0, 8)}`;
  return name.slice(0, 80);
}
