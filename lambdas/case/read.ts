import {
  type CaseStatus,
  caseStatus,
  type IncidentRow,
  incidentRow,
  listQuery,
  matchesQuery,
  requireIncident,
} from '../core/case.ts';
import type { Incident, TimelineEntry } from '../core/incident.ts';
import type { Deps } from '../platform/deps.ts';

/** What reading and listing cases need: the incidents table and a clock (the same locally and on AWS). */
export type CaseReadDeps = Pick<Deps, 'incidents' | 'clock'>;

export interface ListInput {
  /** One status or a comma-separated list: open, contained, partial, failed, closed. */
  status?: string | readonly string[];
  /** A duration back from now (7d, 12h) or an ISO date; default 30 days. */
  since?: string;
  /** At most this many rows, newest first (default 200, at most 1,000). */
  limit?: number;
}

/** The incidents opened since the query's start, newest first, read from the ByMonth index (no scan). */
export async function listIncidents(deps: CaseReadDeps, input: ListInput = {}): Promise<IncidentRow[]> {
  const now = deps.clock();
  const query = listQuery(input, now);
  const rows: IncidentRow[] = [];
  await deps.incidents.listSince(query.since, now, query.limit, (incident) => {
    const row = incidentRow(incident, openApprovals(incident, now), now);
    if (!matchesQuery(row, query)) return false;
    rows.push(row);
    return true;
  });
  return rows;
}

export interface CaseView {
  incident: Incident;
  /** `closed` once closed, else the playbooks' outcome. */
  status: CaseStatus;
  timeline: TimelineEntry[];
  /** Approval requests still waiting for an answer (not answered, not expired). */
  openApprovals: number;
}

/** One incident with its timeline; IncidentNotFound names the id when there is none. */
export async function readIncident(deps: CaseReadDeps, id: string): Promise<CaseView> {
  const incident = requireIncident(id, await deps.incidents.get(id));
  const timeline = await deps.incidents.timeline(id);
  const now = deps.clock();
  return { incident, status: caseStatus(incident), timeline, openApprovals: openApprovals(incident, now) };
}

/** Pending approvals are kept on the incident (id → expiry) so a listing needs no second read. */
function openApprovals(incident: Incident, now: Date): number {
  return Object.values(incident.pendingApprovals ?? {}).filter(
    (expiresAt) => Date.parse(expiresAt) > now.getTime(),
  ).length;
}
