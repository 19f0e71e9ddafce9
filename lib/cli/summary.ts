import type { Alert } from '../../lambdas/core/alerts.ts';
import type { Incident, TimelineEntry } from '../../lambdas/core/incident.ts';
import { accountTodo, type PersonTask } from '../../lambdas/core/needs-a-person.ts';
import type { ExecutionRecord, LocalRuntime } from '../local/runtime.ts';
import { type PlaybookFacts, playbookFacts } from './playbook-summary.ts';

/** What one incident came to: the `--json` shape of `riposte simulate`, derived from recorded state only. */
export interface IncidentSummary extends PlaybookFacts {
  id: string;
  playbook: string;
  status: Incident['status'];
  severity: number;
  execution: { name: string; status: ExecutionRecord['status'] | 'UNKNOWN'; error?: string; cause?: string };
  /** Addresses this incident asked for that are live in the local WAF IP sets. */
  blocked: string[];
  refused: { address: string; reason: string }[];
  sessionsRevoked: string[];
  passwordResets: string[];
  /** Each contained account: where, what was done, and how long tokens issued before stay valid. */
  accounts: { user: string; providers: string[]; actions: string[]; residualAccessSeconds: number }[];
  /** Accounts held for a human's approval (VIP, or a step over the cap). */
  held: string[];
  failures: { action: string; detail: string }[];
  /**
   * Accounts riposte tried to contain and could not (a provider error, an approval denied or unanswered,
   * the circuit breaker): each one a person must act on, with why and what to do.
   */
  uncontained: PersonTask[];
  pages: number;
  /**
   * Every sealed generation (one per alert that opened or joined the incident): objects across them, the
   * manifest sealed last, whether every one is signed, and how many of the incident's alerts are sealed.
   */
  evidence: {
    objects: number;
    manifestSha256: string;
    signed?: boolean;
    ledgerEntries?: number;
    generations: number;
    alerts: number;
  } | null;
  timeline: number;
  /** The detections that opened or joined this incident: what was seen, from where, against whom. */
  detections: DetectionSummary[];
}

export interface DetectionSummary {
  type: string;
  technique?: string;
  sources: string[];
  accounts: string[];
}

export async function summarizeIncident(
  runtime: LocalRuntime,
  incident: Incident,
  executionName?: string,
): Promise<IncidentSummary> {
  const timeline = await runtime.deps.incidents.timeline(incident.id);
  const ok = (action: string) => timeline.filter((e) => e.action === action && e.outcome === 'ok');
  const live = new Set(runtime.liveAddresses());
  const requested = timeline
    .filter((e) => e.action === 'waf-sync')
    .flatMap((e) => (e.data?.live as string[] | undefined) ?? []);
  const seals = ok('seal-evidence').map(
    (e) => e.data as { manifestSha256: string; objects: unknown[]; signed?: boolean; ledgerEntries?: number },
  );
  const sealed = seals.at(-1);
  const execution = executionName ? runtime.executions.get(executionName) : undefined;
  return {
    id: incident.id,
    playbook: incident.playbook,
    status: incident.status,
    severity: incident.severity,
    execution: {
      name: executionName ?? '',
      status: execution?.status ?? 'UNKNOWN',
      ...(execution?.error ? { error: execution.error, cause: execution.cause } : {}),
    },
    blocked: unique(requested.filter((c) => live.has(c))),
    refused: timeline
      .filter((e) => e.action === 'block-ip' && e.outcome === 'refused')
      .map((e) => ({ address: String(e.data?.input), reason: String(e.data?.reason) })),
    sessionsRevoked: users(ok('revoke-sessions')),
    passwordResets: users(ok('force-password-reset')),
    accounts: ok('residual-access').map((e) => {
      const { user, providers, actions, residualAccessSeconds } =
        e.data as IncidentSummary['accounts'][number];
      return { user, providers, actions, residualAccessSeconds };
    }),
    held: unique(
      timeline
        .filter((e) => e.action === 'contain-accounts' && e.outcome === 'planned')
        .flatMap((e) => (e.data?.held as string[] | undefined) ?? []),
    ),
    uncontained: uncontainedAccounts(timeline),
    failures: timeline
      .filter((e) => e.outcome === 'failed')
      .map((e) => ({ action: e.action, detail: e.detail })),
    pages: runtime.adapters.topic.pages().filter((p) => p.key.startsWith(`${incident.id}:`)).length,
    evidence: sealed
      ? {
          objects: seals.reduce((n, s) => n + s.objects.length, 0),
          manifestSha256: sealed.manifestSha256,
          ...(sealed.signed === undefined
            ? {}
            : {
                signed: seals.every((s) => s.signed === true),
                ledgerEntries: Math.max(...seals.map((s) => s.ledgerEntries ?? 0)),
              }),
          generations: seals.length,
          alerts: incident.alertIds.length,
        }
      : null,
    timeline: timeline.length,
    detections: detectionsOf(timeline),
    ...playbookFacts(incident, timeline),
  };
}

/** From the alerts on the timeline (open-incident, attach-alert), those riposte's detectors raised. */
function detectionsOf(timeline: TimelineEntry[]): DetectionSummary[] {
  return timeline
    .filter((e) => e.action === 'open-incident' || e.action === 'attach-alert')
    .map((e) => e.data?.alert as Alert | undefined)
    .filter((a): a is Alert => a?.origin === 'riposte.detection')
    .map((a) => ({
      type: a.type,
      ...(a.technique ? { technique: a.technique } : {}),
      sources: [...a.sourceIps, ...a.sourceHosts],
      accounts: a.targetedUsers,
    }));
}

const CONTAIN_ACTIONS = new Set(['contain-account', 'revoke-sessions', 'force-password-reset', 'disable']);

/** Each account (and provider) a containment action failed or was refused for, once, with what to do. */
function uncontainedAccounts(timeline: TimelineEntry[]): PersonTask[] {
  const tasks = new Map<string, PersonTask>();
  for (const e of timeline) {
    if (!CONTAIN_ACTIONS.has(e.action) || (e.outcome !== 'failed' && e.outcome !== 'refused')) continue;
    const user = e.data?.user;
    if (typeof user !== 'string') continue;
    const who = typeof e.data?.provider === 'string' ? `${user}@${e.data.provider}` : user;
    if (!tasks.has(who)) tasks.set(who, { who, why: e.detail, todo: accountTodo(e.detail) });
  }
  return [...tasks.values()];
}

function users(entries: TimelineEntry[]): string[] {
  return unique(entries.map((e) => String(e.data?.user)));
}

function unique(items: string[]): string[] {
  return [...new Set(items)].sort();
}
