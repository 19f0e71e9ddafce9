import type { RevertResult } from '../../lambdas/case/revert.ts';
import type { IncidentRow, Suppression, VerdictRecord } from '../../lambdas/core/case.ts';

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

export function renderVerdict(result: {
  incidentId: string;
  verdict: VerdictRecord;
  reverted?: RevertResult;
}): string {
  const lines = [`${result.incidentId}: verdict ${result.verdict.value} (${result.verdict.reason})`];
  if (result.reverted) {
    const mark = { ok: '✓', queued: '…', skipped: '–', failed: '✗' } as const;
    if (result.reverted.lines.length === 0) lines.push('  nothing of it was in force: nothing to revert');
    for (const l of result.reverted.lines)
      lines.push(`  ${mark[l.outcome]} ${l.layer} ${l.target}: ${l.detail}`);
    if (result.reverted.suppressions.length > 0)
      lines.push(
        `  suppression candidates (not applied until accepted: riposte suppressions accept KEY --reason …): ${result.reverted.suppressions.map((s) => `${s.kind}:${s.value}`).join(', ')}`,
      );
    if (result.reverted.lines.some((l) => l.outcome === 'failed'))
      lines.push('  Some steps FAILED: finish them by hand (see above).');
  }
  return lines.join('\n');
}

export function renderSuppressions(list: readonly Suppression[]): string {
  if (list.length === 0) return 'no suppressions';
  return list
    .map(
      (s) =>
        `${s.state.padEnd(9)}  ${s.kind}:${s.value}  from ${s.incidentId} (${s.proposedBy}: ${s.reason})${s.decidedBy ? `; ${s.state} by ${s.decidedBy}: ${s.decisionReason}` : ''}`,
    )
    .join('\n');
}
