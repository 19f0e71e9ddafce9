import { useMemo, useState } from 'preact/hooks';
import { ago } from '../format.ts';
import type { IncidentRow } from '../types.ts';
import { Loading, SeverityBadge, StatusBadge, useData, type ViewProps } from '../ui.tsx';

const TIMES = [
  ['all', 'any time', Number.POSITIVE_INFINITY],
  ['1h', 'last hour', 3_600_000],
  ['24h', 'last 24 hours', 86_400_000],
  ['7d', 'last 7 days', 7 * 86_400_000],
  ['30d', 'last 30 days', 30 * 86_400_000],
] as const;

export interface Filters {
  status: string;
  playbook: string;
  severity: number;
  owner: string;
  time: string;
}

export function filterRows(rows: readonly IncidentRow[], f: Filters, now: number): IncidentRow[] {
  const window = TIMES.find(([id]) => id === f.time)?.[2] ?? Number.POSITIVE_INFINITY;
  const owner = f.owner.trim().toLowerCase();
  return rows.filter(
    (r) =>
      (!f.status || r.status === f.status) &&
      (!f.playbook || r.playbook === f.playbook) &&
      r.severity >= f.severity &&
      (!owner || (owner === '-' ? !r.owner : (r.owner ?? '').toLowerCase().includes(owner))) &&
      now - Date.parse(r.openedAt) <= window,
  );
}

/** Approvals waiting and failures first, then newest first. */
function urgency(r: IncidentRow): number {
  return r.openApprovals > 0 ? 0 : r.status === 'failed' ? 1 : r.status === 'partial' ? 2 : 3;
}

export function IncidentsView({ version }: ViewProps) {
  const { data, error } = useData<IncidentRow[]>('/incidents', version);
  const [f, setF] = useState<Filters>({ status: '', playbook: '', severity: 0, owner: '', time: 'all' });
  const set = (key: keyof Filters) => (e: Event) => {
    const value = (e.target as HTMLInputElement).value;
    setF({ ...f, [key]: key === 'severity' ? Number(value) : value });
  };
  const rows = useMemo(
    () =>
      filterRows(data ?? [], f, Date.now()).sort(
        (a, b) => urgency(a) - urgency(b) || b.openedAt.localeCompare(a.openedAt),
      ),
    [data, f],
  );
  const values = (key: 'status' | 'playbook') => [...new Set((data ?? []).map((r) => r[key]))].sort();
  return (
    <>
      <div class="page-head">
        <h1>Incidents</h1>
        <p class="muted" aria-live="polite">
          {data ? `${rows.length} of ${data.length} shown` : ''}
        </p>
      </div>
      <form class="filters" aria-label="Filter incidents" onSubmit={(e) => e.preventDefault()}>
        <label>
          Status
          <select name="status" value={f.status} onChange={set('status')}>
            <option value="">all</option>
            {values('status').map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Playbook
          <select name="playbook" value={f.playbook} onChange={set('playbook')}>
            <option value="">all</option>
            {values('playbook').map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Severity
          <select name="severity" value={String(f.severity)} onChange={set('severity')}>
            <option value="0">any</option>
            <option value="40">medium and up (≥ 40)</option>
            <option value="70">high (≥ 70)</option>
          </select>
        </label>
        <label>
          Owner
          <input name="owner" value={f.owner} onInput={set('owner')} placeholder="name, or - for nobody" />
        </label>
        <label>
          Opened
          <select name="time" value={f.time} onChange={set('time')}>
            {TIMES.map(([id, label]) => (
              <option value={id} key={id}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </form>
      {!data ? (
        <Loading error={error} />
      ) : rows.length === 0 ? (
        <p class="empty">
          {data.length === 0
            ? 'No incidents yet. Run `npx riposte simulate`, or launch a playbook.'
            : 'No incident matches these filters.'}
        </p>
      ) : (
        <IncidentTable rows={rows} />
      )}
    </>
  );
}

export function IncidentTable({ rows }: { rows: readonly IncidentRow[] }) {
  const now = Date.now();
  return (
    <table class="list incidents">
      <caption class="sr-only">Incidents, those needing a person first</caption>
      <thead>
        <tr>
          <th scope="col">Incident</th>
          <th scope="col">Status</th>
          <th scope="col">Severity</th>
          <th scope="col">Playbook</th>
          <th scope="col">Owner</th>
          <th scope="col">Opened</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} class={r.openApprovals > 0 ? 'attention' : `row-${r.status}`}>
            <th scope="row">
              <a href={`#/incidents/${encodeURIComponent(r.id)}`}>{r.id}</a>
              <span class="title">{r.title}</span>
              {r.openApprovals > 0 && <span class="badge approval">{r.openApprovals} approval waiting</span>}
            </th>
            <td data-label="Status">
              <StatusBadge status={r.status} />
              {r.verdict && <span class="badge verdict">{r.verdict}</span>}
            </td>
            <td data-label="Severity">
              <SeverityBadge severity={r.severity} />
            </td>
            <td data-label="Playbook">{r.playbook}</td>
            <td data-label="Owner">{r.owner ?? <span class="muted">nobody</span>}</td>
            <td data-label="Opened">
              <time dateTime={r.openedAt} title={r.openedAt}>
                {ago(r.openedAt, now)}
              </time>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
