import type { Alert } from '../../lambdas/core/alerts.ts';
import type { AuthEvent } from '../../lambdas/core/auth-event.ts';
import type { TimelineEntry } from '../../lambdas/core/incident.ts';
import { type IncidentMetrics, incidentMetrics } from '../../lambdas/core/response-metrics.ts';
import { type PlaybookFacts, playbookFacts } from '../cli/playbook-summary.ts';
import { relaxationOf, type StageReport } from '../cli/relaxation.ts';
import { type BlockWindow, blockWindows } from '../pictures/timeline-svg.ts';
import { attemptsOf, evidenceEvents } from './evidence-events.ts';
import type { IncidentRecords } from './records.ts';

/** MITRE ATT&CK names of the techniques riposte's detections and imported findings carry. */
export const ATTACK_TECHNIQUES: Record<string, { name: string; tactic: string }> = {
  T1110: { name: 'Brute Force', tactic: 'credential-access' },
  'T1110.001': { name: 'Brute Force: Password Guessing', tactic: 'credential-access' },
  'T1110.002': { name: 'Brute Force: Password Cracking', tactic: 'credential-access' },
  'T1110.003': { name: 'Brute Force: Password Spraying', tactic: 'credential-access' },
  'T1110.004': { name: 'Brute Force: Credential Stuffing', tactic: 'credential-access' },
  T1078: { name: 'Valid Accounts', tactic: 'initial-access' },
  'T1078.004': { name: 'Valid Accounts: Cloud Accounts', tactic: 'initial-access' },
};

export interface DetectionFact {
  at: string;
  alertId: string;
  origin: string;
  type: string;
  technique?: string;
  techniqueName?: string;
  observedAt: string;
  window?: { start: string; end: string };
  sources: string[];
  accounts: string[];
  reasons: string[];
}

export interface AccountFact {
  user: string;
  done: { at: string; action: string; provider?: string; outcome: string }[];
  residualAccessSeconds?: number;
}

/** The case work issue 14 keeps on the incident (owner, verdict, closure), read when present. */
export interface CaseFacts {
  owner?: string;
  verdict?: { value: string; reason?: string; by?: string; at?: string };
  closure?: { reason?: string; by?: string; at?: string };
}

/** Everything the final report says, derived from the incident's records only. */
export interface ReportFacts {
  generatedAt: string;
  where: 'local' | 'aws';
  id: string;
  title: string;
  playbook: string;
  status: string;
  severity: number;
  openedAt: string;
  /** A draft until the case is closed or contained; why, in words. */
  draft: string | null;
  case: CaseFacts;
  metrics: IncidentMetrics;
  detections: DetectionFact[];
  sources: string[];
  targetedUsers: string[];
  compromisedUsers: string[];
  attempts: { events: AuthEvent[]; unreadable: number; first?: string; last?: string };
  blocks: BlockWindow[];
  refused: { address: string; reason: string }[];
  accounts: AccountFact[];
  held: string[];
  posture: { at: string; detail: string; controls: { name: string; before: unknown; after: unknown }[] }[];
  relaxation: StageReport[];
  pages: TimelineEntry[];
  people: TimelineEntry[];
  failures: TimelineEntry[];
  /** Legal clocks and stakeholder drafts (issue 17) when the timeline carries them. */
  legal: TimelineEntry[];
  playbookFacts: PlaybookFacts;
  records: IncidentRecords;
}

const ACCOUNT_ACTIONS =
  /^(revoke-sessions|force-password-reset|disable|enable|step-up|undo|watch-account|notify-owner|contain-accounts)/;

export function reportFacts(records: IncidentRecords, now: Date): ReportFacts {
  const { incident, timeline } = records;
  const caseFacts = incident as typeof incident & CaseFacts;
  const status = caseFacts.closure ? 'closed' : incident.status;
  const metrics = incidentMetrics(incident, timeline, now);
  const detections = timeline
    .filter((e) => e.action === 'open-incident' || e.action === 'attach-alert')
    .flatMap((e) => {
      const a = e.data?.alert as Alert | undefined;
      if (!a) return [];
      const technique = a.technique;
      return [
        {
          at: e.at,
          alertId: a.alertId,
          origin: a.origin,
          type: a.type,
          ...(technique ? { technique, techniqueName: ATTACK_TECHNIQUES[technique]?.name } : {}),
          observedAt: a.observedAt,
          ...(a.window ? { window: a.window } : {}),
          sources: [...a.sourceIps, ...(a.sourceHosts ?? [])],
          accounts: a.targetedUsers,
          reasons: a.reasons ?? [],
        } as DetectionFact,
      ];
    });
  const { events, unreadable } = evidenceEvents(records.logs);
  const attemptTimes = attemptsOf(events).map((a) => a.time);
  const accounts = new Map<string, AccountFact>();
  for (const e of timeline) {
    const user = e.data?.user;
    if (typeof user !== 'string' || !ACCOUNT_ACTIONS.test(e.action)) continue;
    const fact = accounts.get(user) ?? { user, done: [] };
    fact.done.push({
      at: e.at,
      action: e.action,
      outcome: e.outcome,
      ...(typeof e.data?.provider === 'string' ? { provider: e.data.provider } : {}),
    });
    accounts.set(user, fact);
  }
  for (const e of timeline.filter((x) => x.action === 'residual-access' && x.outcome === 'ok')) {
    const fact = accounts.get(String(e.data?.user));
    if (fact) fact.residualAccessSeconds = Number(e.data?.residualAccessSeconds);
  }
  return {
    generatedAt: now.toISOString(),
    where: records.where,
    id: incident.id,
    title: incident.title,
    playbook: incident.playbook,
    status,
    severity: incident.severity,
    openedAt: incident.openedAt,
    draft: draftReason(status),
    case: {
      ...(caseFacts.owner ? { owner: caseFacts.owner } : {}),
      ...(caseFacts.verdict ? { verdict: caseFacts.verdict } : {}),
      ...(caseFacts.closure ? { closure: caseFacts.closure } : {}),
    },
    metrics,
    detections,
    sources: [...new Set([...incident.sourceIps, ...detections.flatMap((d) => d.sources)])],
    targetedUsers: [...new Set(incident.targetedUsers)].sort(),
    compromisedUsers: [...new Set(incident.compromisedUsers)].sort(),
    attempts: {
      events,
      unreadable,
      ...(attemptTimes.length > 0
        ? {
            first: new Date(Math.min(...attemptTimes)).toISOString(),
            last: new Date(Math.max(...attemptTimes)).toISOString(),
          }
        : {}),
    },
    blocks: blockWindows(timeline),
    refused: timeline
      .filter((e) => e.action === 'block-ip' && e.outcome === 'refused')
      .map((e) => ({ address: String(e.data?.input), reason: String(e.data?.reason) })),
    accounts: [...accounts.values()].sort((a, b) => a.user.localeCompare(b.user)),
    held: [
      ...new Set(
        timeline
          .filter((e) => e.action === 'contain-accounts' && e.outcome === 'planned')
          .flatMap((e) => (e.data?.held as string[] | undefined) ?? []),
      ),
    ],
    posture: timeline
      .filter((e) => e.action === 'tighten-posture' && e.data?.controls)
      .map((e) => ({
        at: e.at,
        detail: e.detail,
        controls: Object.entries(e.data?.controls as Record<string, { before: unknown; after: unknown }>).map(
          ([name, c]) => ({ name, before: c.before, after: c.after }),
        ),
      })),
    relaxation: relaxationOf(timeline),
    pages: timeline.filter((e) => e.action === 'page' || e.action === 'request-approval'),
    people: timeline.filter((e) => !e.actor.startsWith('riposte/') && !e.actor.startsWith('alert/')),
    failures: timeline.filter((e) => e.outcome === 'failed'),
    legal: timeline.filter((e) =>
      /legal|breach|regulator|notice|notif|stakeholder|clock|draft/.test(e.action),
    ),
    playbookFacts: playbookFacts(incident, timeline),
    records,
  };
}

function draftReason(status: string): string | null {
  if (status === 'closed') return null;
  if (status === 'contained')
    return 'the incident is contained but not closed: the team still records its verdict and closes it';
  return `the incident is still ${status}: riposte's work on it is not finished`;
}
