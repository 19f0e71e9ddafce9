/**
 * Case work on an incident, as pure rules: who owns it, the analyst's verdict, its closure, and what a
 * listing shows. The outcome status (contained, partial, failed, open…) stays what the playbooks decided;
 * `closed` and the verdict sit on top of it, so a playbook step that runs late never reopens a case and a
 * closed case still says what riposte achieved.
 */
import type { Incident, IncidentStatus, TimelineEntry } from './incident.ts';
import { STATUS_NAMES } from './status.ts';

export const VERDICTS = ['true-positive', 'false-positive', 'benign'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Who did a case operation: the caller's IAM ARN on AWS, the signed-in person in the console, $USER locally. */
export interface Actor {
  id: string;
  /** Where the operation came from, for the timeline: cli, cli-aws, console, callback. */
  via: string;
}

export interface VerdictRecord {
  value: Verdict;
  reason: string;
  by: string;
  at: string;
}

export interface Closure {
  reason: string;
  by: string;
  at: string;
}

/** The case fields riposte keeps on an incident beside what the playbooks write. */
export interface CaseFields {
  owner?: string;
  verdict?: VerdictRecord;
  closure?: Closure;
  /** Approval requests waiting for an answer: approval id → when the wait times out (ISO). */
  pendingApprovals?: Record<string, string>;
}

export type CaseStatus = IncidentStatus | 'closed';

/** The status a listing or a summary shows: `closed` once closed, else the playbooks' outcome. */
export function caseStatus(incident: Incident): CaseStatus {
  return incident.closure ? 'closed' : incident.status;
}

/** A refusal of a case operation: its name says why, its message names the incident and what to do. */
export class CaseError extends Error {
  constructor(name: CaseErrorName, message: string) {
    super(message);
    this.name = name;
  }
}
export type CaseErrorName =
  | 'IncidentNotFound'
  | 'IncidentClosed'
  | 'UnknownResponder'
  | 'InvalidInput'
  | 'ApprovalNotFound'
  | 'ApprovalAnswered'
  | 'ApprovalExpired'
  | 'SuppressionNotFound';

export function requireIncident<T extends Incident>(id: string, incident: T | undefined): T {
  if (!incident)
    throw new CaseError('IncidentNotFound', `no incident ${id}: check the id with \`riposte incidents\``);
  return incident;
}

/** What may still change on a closed case: nothing but notes. */
export function requireOpen(incident: Incident, operation: string): void {
  if (incident.closure)
    throw new CaseError(
      'IncidentClosed',
      `incident ${incident.id} was closed by ${incident.closure.by} at ${incident.closure.at} (${incident.closure.reason}): cannot ${operation} a closed incident`,
    );
}

/**
 * The assignee must be a known responder (riposte.responders). An empty list accepts anyone; the
 * configuration reference says so. Names compare case-insensitively (e-mail addresses).
 */
export function checkAssignee(assignee: string, responders: readonly string[]): string {
  const name = assignee.trim();
  if (!name) throw new CaseError('InvalidInput', 'name the person to assign');
  if (responders.length === 0) return name;
  const known = responders.find((r) => r.toLowerCase() === name.toLowerCase());
  if (!known)
    throw new CaseError(
      'UnknownResponder',
      `"${name}" is not a known responder; known: ${responders.join(', ')} (riposte.responders in the configuration)`,
    );
  return known;
}

export function checkVerdict(value: string): Verdict {
  if (!(VERDICTS as readonly string[]).includes(value))
    throw new CaseError('InvalidInput', `verdict takes ${VERDICTS.join(', ')}, not "${value}"`);
  return value as Verdict;
}

/** A reason or a note: required, trimmed, short enough for a timeline line. */
export function checkText(what: string, text: string | undefined, max = 2000): string {
  const value = (text ?? '').trim();
  if (!value) throw new CaseError('InvalidInput', `${what} is required`);
  if (value.length > max)
    throw new CaseError('InvalidInput', `${what} is ${value.length} characters; at most ${max}`);
  return value;
}

/** How a case operation appears on the timeline. */
export function caseEntry(
  actor: Actor,
  at: Date,
  action: string,
  detail: string,
  data?: Record<string, unknown>,
): TimelineEntry {
  return {
    at: at.toISOString(),
    actor: `human/${actor.id}`,
    action,
    outcome: 'ok',
    detail: `${detail} (${actor.via})`,
    ...(data ? { data } : {}),
  };
}

/** One line of `riposte incidents` and of the console's list. */
export interface IncidentRow {
  id: string;
  playbook: string;
  title: string;
  status: CaseStatus;
  outcome: IncidentStatus;
  severity: number;
  owner: string | null;
  verdict: Verdict | null;
  openedAt: string;
  ageMinutes: number;
  openApprovals: number;
}

export function incidentRow(incident: Incident, openApprovals: number, now: Date): IncidentRow {
  return {
    id: incident.id,
    playbook: incident.playbook,
    title: incident.title,
    status: caseStatus(incident),
    outcome: incident.status,
    severity: incident.severity,
    owner: incident.owner ?? null,
    verdict: incident.verdict?.value ?? null,
    openedAt: incident.openedAt,
    ageMinutes: Math.max(0, Math.floor((now.getTime() - Date.parse(incident.openedAt)) / 60_000)),
    openApprovals,
  };
}

export interface ListQuery {
  /** One status, or several; `closed` matches closed cases, the others match open cases with that outcome. */
  status?: readonly string[];
  /** Incidents opened at or after this time. */
  since: Date;
  /** Newest first, at most this many. */
  limit: number;
}

/** 30 days back and 200 rows unless asked otherwise: the index is read by month, newest first. */
export const LIST_DEFAULT_DAYS = 30;
export const LIST_MAX = 1000;

const STATUSES: readonly CaseStatus[] = [...STATUS_NAMES, 'closed'];

export function listQuery(
  input: { status?: string | readonly string[]; since?: string; limit?: number },
  now: Date,
  knownStatuses: readonly string[] = STATUSES,
): ListQuery {
  const status = typeof input.status === 'string' ? input.status.split(',') : input.status;
  for (const s of status ?? [])
    if (!knownStatuses.includes(s))
      throw new CaseError('InvalidInput', `--status takes ${knownStatuses.join(', ')}, not "${s}"`);
  const since = input.since
    ? parseSince(input.since, now)
    : new Date(now.getTime() - LIST_DEFAULT_DAYS * 86_400_000);
  const limit = input.limit ?? 200;
  if (!Number.isInteger(limit) || limit < 1 || limit > LIST_MAX)
    throw new CaseError('InvalidInput', `--limit takes 1 to ${LIST_MAX}, not ${input.limit}`);
  return { ...(status ? { status } : {}), since, limit };
}

/** `7d`, `12h`, `30m`, or an ISO date/time. */
export function parseSince(text: string, now: Date): Date {
  const relative = /^(\d+)([dhm])$/.exec(text.trim());
  if (relative) {
    const unit = { d: 86_400_000, h: 3_600_000, m: 60_000 }[relative[2] as 'd' | 'h' | 'm'];
    return new Date(now.getTime() - Number(relative[1]) * unit);
  }
  const at = Date.parse(text);
  if (Number.isNaN(at))
    throw new CaseError(
      'InvalidInput',
      `--since takes a duration (7d, 12h, 30m) or an ISO date, not "${text}"`,
    );
  return new Date(at);
}

export function matchesQuery(row: IncidentRow, query: ListQuery): boolean {
  return (
    Date.parse(row.openedAt) >= query.since.getTime() && (!query.status || query.status.includes(row.status))
  );
}

/** The index partitions incidents by the month they opened in: `INCIDENTS#2026-12`. */
export function monthKey(iso: string): string {
  return `INCIDENTS#${iso.slice(0, 7)}`;
}

/** The month partitions from `since` to `now`, newest first. */
export function monthKeys(since: Date, now: Date): string[] {
  const keys: string[] = [];
  const cursor = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const first = Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), 1);
  while (cursor.getTime() >= first) {
    keys.push(monthKey(cursor.toISOString()));
    cursor.setUTCMonth(cursor.getUTCMonth() - 1);
  }
  return keys;
}

/** An address or account a false positive named: detection ignores it only once an analyst accepts it. */
export interface Suppression {
  kind: 'address' | 'account';
  /** A normalized CIDR, or an account name. */
  value: string;
  incidentId: string;
  reason: string;
  proposedBy: string;
  proposedAt: string;
  state: 'candidate' | 'accepted' | 'rejected';
  decidedBy?: string;
  decidedAt?: string;
  decisionReason?: string;
}

export const suppressionKey = (s: Pick<Suppression, 'kind' | 'value'>) => `${s.kind}:${s.value}`;

/** `address:203.0.113.7/32` or `account:alice` → its kind and value; InvalidInput names what is wrong. */
export function parseSuppressionKey(key: string): Pick<Suppression, 'kind' | 'value'> {
  const at = key.indexOf(':');
  const kind = key.slice(0, at);
  const value = key.slice(at + 1);
  if (at < 0 || (kind !== 'address' && kind !== 'account') || !value)
    throw new CaseError('InvalidInput', `a suppression is address:CIDR or account:NAME, not "${key}"`);
  return { kind, value };
}
