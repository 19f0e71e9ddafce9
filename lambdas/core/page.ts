import type { BranchResult, Incident, IncidentStatus } from './incident.ts';
import { tasksFromResults } from './needs-a-person.ts';
import { STATUSES } from './status.ts';

/** SNS allows 256 KB; pages are read on a phone at night, so keep them far shorter. */
const MAX_LIST = 20;

/** The page the response team receives: what happened, what was done, what failed, what to do next. */
export function composePage(incident: Incident, status: IncidentStatus, results: readonly BranchResult[]) {
  const subject = `[riposte] ${incident.id} ${STATUSES[status].headline}: ${incident.playbook}`;
  const lines = [
    `${incident.title}`,
    `Incident ${incident.id} · playbook ${incident.playbook} · severity ${incident.severity} · status ${status}`,
    `Sources: ${list(incident.sourceIps)}`,
    `Targeted accounts: ${list(incident.targetedUsers)}`,
    `Compromised accounts: ${list(incident.compromisedUsers)}`,
    '',
    'Done:',
  ];
  // A step that left targets undone is not marked done: ✓ only when nothing in it failed.
  for (const r of results)
    if (r.ok) lines.push(`  ${r.failures.length > 0 ? '!' : '✓'} ${r.step}: ${r.summary}`);
  lines.push(...residualAccess(results));
  const failed = results.flatMap((r) =>
    r.ok
      ? r.failures.map((f) => `  ✗ ${r.step} ${f.target}: ${f.error}`)
      : [`  ✗ ${r.step} FAILED: ${r.error}: ${r.cause}`],
  );
  if (failed.length > 0) lines.push('', 'Failed:', ...failed.slice(0, MAX_LIST), ...more(failed.length));
  const tasks = tasksFromResults(results);
  if (tasks.length > 0) {
    lines.push(
      '',
      'Needs a person:',
      ...tasks.slice(0, MAX_LIST).map((t) => `  • ${t.who}: ${t.why}. ${t.todo}`),
      ...more(tasks.length),
    );
  }
  lines.push(
    '',
    failed.length > 0
      ? `Next: finish the failed steps by hand, then see the timeline: npx riposte incident ${incident.id}`
      : `Next: review the timeline: npx riposte incident ${incident.id}`,
  );
  return { subject, message: lines.join('\n') };
}

function list(items: readonly string[]): string {
  if (items.length === 0) return '(none)';
  const shown = items.slice(0, MAX_LIST).join(', ');
  return items.length > MAX_LIST ? `${shown} … and ${items.length - MAX_LIST} more` : shown;
}

function more(count: number): string[] {
  return count > MAX_LIST ? [`  … and ${count - MAX_LIST} more on the incident timeline`] : [];
}

/** Contained accounts whose stolen tokens still work for a while: the page says how long. */
function residualAccess(results: readonly BranchResult[]): string[] {
  const accounts = results.flatMap((r) =>
    r.ok && Array.isArray(r.accounts)
      ? (r.accounts as { user: string; providers: string[]; residualAccessSeconds: number }[])
      : [],
  );
  const open = accounts.filter((a) => a.residualAccessSeconds > 0);
  if (open.length === 0) return [];
  const shown = open
    .slice(0, MAX_LIST)
    .map((a) => `  ${a.user}: up to ${a.residualAccessSeconds} s (${a.providers.join(', ')})`);
  return [
    '',
    'Residual access (tokens issued before containment stay valid):',
    ...shown,
    ...more(open.length),
  ];
}
