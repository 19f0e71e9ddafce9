import type { IncidentRow } from '../../lambdas/core/case.ts';

/** `riposte incidents`: one row per incident, newest first. */
export function renderIncidentRows(rows: readonly IncidentRow[]): string {
  if (rows.length === 0) return 'no incidents match';
  const header = ['id', 'status', 'playbook', 'sev', 'owner', 'age', 'approvals', 'verdict'];
  const cells = rows.map((r) => [
    r.id,
    r.status === 'closed' ? `closed (${r.outcome})` : r.status,
    r.playbook,
    String(r.severity),
    r.owner ?? '—',
    age(r.ageMinutes),
    r.openApprovals > 0 ? `${r.openApprovals} waiting` : '—',
    r.verdict ?? '—',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]?.length ?? 0)));
  const line = (c: string[]) =>
    c
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...cells.map(line)].join('\n');
}

export function age(minutes: number): string {
  if (minutes < 60) return `${minutes}m`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)}h`;
  return `${Math.floor(minutes / 1440)}d`;
}
