import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Incident, TimelineEntry } from '../../lambdas/core/incident.ts';
import { markdownText, safeStrings } from '../../lambdas/core/safe-text.ts';
import { renderFindings } from './report-findings.ts';
import type { IncidentSummary } from './summary.ts';

const MARK: Record<TimelineEntry['outcome'], string> = {
  ok: '✅',
  refused: '⛔',
  failed: '❌',
  skipped: '➖',
  planned: '📝',
};

/** The incident report a responder reads after the night: what happened, what riposte did, what failed. */
export function renderReport(
  rawIncident: Incident,
  rawSummary: IncidentSummary,
  rawTimeline: TimelineEntry[],
): string {
  // Every text in the report came from alerts, logs or operators: escaped for Markdown (and a terminal).
  const [incident, summary, timeline] = safeStrings([rawIncident, rawSummary, rawTimeline], markdownText);
  const lines = [
    `# ${incident.id}: ${incident.title}`,
    '',
    `| | |`,
    `|---|---|`,
    `| Playbook | ${incident.playbook} |`,
    `| Status | **${incident.status}** |`,
    `| Severity | ${incident.severity} |`,
    `| Opened | ${incident.openedAt} |`,
    `| Alerts | ${incident.alertIds.join(', ')} |`,
    `| Execution | ${summary.execution.name} (${summary.execution.status}${summary.execution.error ? `: ${summary.execution.error}` : ''}) |`,
    '',
    '## What riposte did',
    '',
    `- Blocked in WAF: ${summary.blocked.join(', ') || 'nothing'}`,
    `- Not blocked: ${summary.refused.map((r) => `${r.address} (${r.reason})`).join('; ') || 'nothing refused'}`,
    `- Sessions revoked: ${summary.sessionsRevoked.join(', ') || 'none'}`,
    `- Password resets forced: ${summary.passwordResets.join(', ') || 'none'}`,
    `- Residual access (issued tokens still valid): ${summary.accounts.map((a) => `${a.user} ${a.residualAccessSeconds} s`).join(', ') || (summary.uncontained.length > 0 ? 'no account was contained' : 'none')}`,
    ...(summary.uncontained.length > 0
      ? [
          `- ❌ **Not contained** (full access until a person acts): ${summary.uncontained.map((u) => u.who).join(', ')}`,
        ]
      : []),
    `- Evidence: ${summary.evidence ? `${summary.evidence.objects} objects in ${summary.evidence.generations} sealed generation(s) of ${summary.evidence.alerts} alert(s), last manifest SHA-256 \`${summary.evidence.manifestSha256}\`` : 'not sealed'}`,
    `- Pages sent: ${summary.pages}`,
    '',
  ];
  lines.push(...renderFindings(summary, timeline));
  if (summary.failures.length > 0 || summary.uncontained.length > 0) {
    lines.push(
      '## Needs a person',
      '',
      ...(summary.uncontained.length > 0
        ? [
            '| who | why | what to do |',
            '|---|---|---|',
            ...summary.uncontained.map(
              (u) => `| ❌ ${u.who} | ${u.why.replaceAll('|', '\\|')} | ${u.todo.replaceAll('|', '\\|')} |`,
            ),
            '',
          ]
        : []),
      ...summary.failures.map((f) => `- ❌ **${f.action}**: ${f.detail}`),
      '',
    );
  }
  lines.push('## Timeline', '', '| time | actor | action | outcome | detail |', '|---|---|---|---|---|');
  for (const e of timeline) {
    lines.push(`| ${e.at} | ${e.actor} | ${e.action} | ${MARK[e.outcome]} ${e.outcome} | ${e.detail} |`);
  }
  lines.push(
    '',
    '## Undo',
    '',
    '- Blocked addresses: `npx riposte unblock ADDRESS --reason … --incident ID` (add `--aws` on the deployed stack); blocks also expire on their own.',
    '- Revoked sessions: nothing to undo; the user signs in again.',
    '- Forced password resets: the user chooses a new password at next sign-in; nobody knows the temporary one, so help-desk recovery goes through your normal reset flow.',
    '- Evidence: never deleted (Object Lock).',
    '',
  );
  return lines.join('\n');
}

export function writeReport(
  dir: string,
  incident: Incident,
  summary: IncidentSummary,
  timeline: TimelineEntry[],
): string {
  const folder = path.join(dir, incident.id);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'report.md'), renderReport(incident, summary, timeline));
  writeFileSync(
    path.join(folder, 'report.json'),
    `${JSON.stringify({ incident, summary, timeline }, null, 2)}\n`,
  );
  return path.join(folder, 'report.md');
}
