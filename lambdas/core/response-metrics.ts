import type { Alert } from './alerts.ts';
import type { Incident, TimelineEntry } from './incident.ts';

/**
 * How fast riposte answered one incident, from its timeline only (pure: the CLI's `metrics`, the final
 * report and the playbook's outcome step compute the same numbers from the same lines).
 *
 * - first attack: the earliest attacking record the detections name (their window's start); when no
 *   detection carries a window (an imported finding), the earliest alert's observedAt.
 * - detected: the earliest alert's observedAt (when the detector or finding saw the attack).
 * - responding: the incident opened (the playbook started acting).
 * - contained: the first `set-status` line that says contained.
 * - live per block layer: the last line that made one of the incident's addresses live in that layer.
 * - waiting for people: from each approval request to its answer (or to `now` while unanswered).
 * Every duration is in seconds, null when a moment is unknown.
 */
export interface IncidentMetrics {
  incidentId: string;
  playbook: string;
  status: string;
  verdict: string | null;
  firstAttackAt: string | null;
  detectedAt: string | null;
  openedAt: string;
  containedAt: string | null;
  timeToDetectSeconds: number | null;
  timeToRespondSeconds: number | null;
  timeToContainSeconds: number | null;
  /** Detection → addresses live, per block layer (WAF, network ACL). */
  timeToBlockSeconds: Record<string, number>;
  waitingForPeopleSeconds: number;
  approvals: { requested: number; answered: number; unanswered: number };
  /** automated: no step waited for a person; human-gated: at least one approval was asked. */
  mode: 'automated' | 'human-gated';
}

interface CaseFacts {
  verdict?: { value?: string };
}

export function incidentMetrics(
  incident: Incident,
  timeline: readonly TimelineEntry[],
  now: Date,
): IncidentMetrics {
  const alerts = timeline
    .filter((e) => e.action === 'open-incident' || e.action === 'attach-alert')
    .map((e) => e.data?.alert as Alert | undefined)
    .filter((a): a is Alert => Boolean(a));
  const observed = earliest(alerts.map((a) => a.observedAt));
  const windowStart = earliest(alerts.map((a) => a.window?.start));
  const firstAttackAt = earliest([windowStart, observed]);
  const detectedAt = observed;
  const containedAt =
    timeline.find(
      (e) =>
        e.action === 'set-status' && (e.data?.status === 'contained' || e.detail === 'incident is contained'),
    )?.at ?? null;
  const timeToBlockSeconds: Record<string, number> = {};
  if (detectedAt) {
    for (const e of timeline) {
      const live = e.data?.live;
      if (!Array.isArray(live) || live.length === 0 || e.outcome === 'planned') continue;
      const layer = /acl/.test(e.action) ? 'network-acl' : 'waf';
      timeToBlockSeconds[layer] = Math.max(timeToBlockSeconds[layer] ?? 0, seconds(detectedAt, e.at) ?? 0);
    }
  }
  const waits = approvalWaits(timeline, now);
  const verdict = (incident as Incident & CaseFacts).verdict?.value ?? verdictFromTimeline(timeline);
  return {
    incidentId: incident.id,
    playbook: incident.playbook,
    status: (incident as Incident & { closure?: unknown }).closure ? 'closed' : incident.status,
    verdict,
    firstAttackAt,
    detectedAt,
    openedAt: incident.openedAt,
    containedAt,
    timeToDetectSeconds: seconds(firstAttackAt, detectedAt),
    timeToRespondSeconds: seconds(detectedAt, incident.openedAt),
    timeToContainSeconds: seconds(detectedAt, containedAt),
    timeToBlockSeconds,
    waitingForPeopleSeconds: waits.seconds,
    approvals: {
      requested: waits.requested,
      answered: waits.answered,
      unanswered: waits.requested - waits.answered,
    },
    mode: waits.requested > 0 ? 'human-gated' : 'automated',
  };
}

/** Each approval request paired with the next answer after it (approve, deny, timeout). */
function approvalWaits(timeline: readonly TimelineEntry[], now: Date) {
  const sorted = [...timeline].sort((a, b) => a.at.localeCompare(b.at));
  const requests = sorted.filter((e) => e.action === 'request-approval');
  const answers = sorted.filter((e) => /^(approve|deny|approval-timeout|timeout)$/.test(e.action));
  let total = 0;
  let answered = 0;
  const used = new Set<TimelineEntry>();
  for (const r of requests) {
    const answer = answers.find((a) => !used.has(a) && a.at >= r.at);
    if (answer) {
      used.add(answer);
      answered++;
    }
    total += seconds(r.at, answer?.at ?? now.toISOString()) ?? 0;
  }
  return { seconds: total, requested: requests.length, answered };
}

/** A verdict recorded as a timeline line (`verdict`, data.verdict or data.value), for timelines without case fields. */
function verdictFromTimeline(timeline: readonly TimelineEntry[]): string | null {
  const line = timeline.filter((e) => e.action === 'verdict' || e.action === 'set-verdict').at(-1);
  const value = line?.data?.verdict ?? line?.data?.value;
  return typeof value === 'string' ? value : null;
}

function earliest(times: readonly (string | undefined | null)[]): string | null {
  const valid = times.filter((t): t is string => typeof t === 'string' && Number.isFinite(Date.parse(t)));
  if (valid.length === 0) return null;
  return new Date(Math.min(...valid.map((t) => Date.parse(t)))).toISOString();
}

function seconds(from: string | null | undefined, to: string | null | undefined): number | null {
  if (!from || !to) return null;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) ? Math.max(0, ms / 1000) : null;
}

/** Counts over a period: incidents by playbook and by verdict, the false-positive rate, and the means. */
export interface PeriodMetrics {
  since: string | null;
  until: string;
  incidents: number;
  byPlaybook: Record<string, number>;
  byVerdict: Record<string, number>;
  /** false positives / incidents with a true- or false-positive verdict; null with no such verdict. */
  falsePositiveRate: number | null;
  meanTimeToDetectSeconds: number | null;
  meanTimeToContainSeconds: number | null;
  meanWaitingForPeopleSeconds: number | null;
  automated: number;
  humanGated: number;
}

export function periodMetrics(
  rows: readonly IncidentMetrics[],
  since: Date | null,
  until: Date,
): PeriodMetrics {
  const count = (key: (m: IncidentMetrics) => string) => {
    const out: Record<string, number> = {};
    for (const m of rows) out[key(m)] = (out[key(m)] ?? 0) + 1;
    return out;
  };
  const byVerdict = count((m) => m.verdict ?? 'no verdict');
  const tp = byVerdict['true-positive'] ?? 0;
  const fp = byVerdict['false-positive'] ?? 0;
  return {
    since: since?.toISOString() ?? null,
    until: until.toISOString(),
    incidents: rows.length,
    byPlaybook: count((m) => m.playbook),
    byVerdict,
    falsePositiveRate: tp + fp > 0 ? fp / (tp + fp) : null,
    meanTimeToDetectSeconds: mean(rows.map((m) => m.timeToDetectSeconds)),
    meanTimeToContainSeconds: mean(rows.map((m) => m.timeToContainSeconds)),
    meanWaitingForPeopleSeconds: mean(rows.map((m) => m.waitingForPeopleSeconds)),
    automated: rows.filter((m) => m.mode === 'automated').length,
    humanGated: rows.filter((m) => m.mode === 'human-gated').length,
  };
}

function mean(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0) / known.length;
}
