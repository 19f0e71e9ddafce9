import type { TimelineEntry } from '../../lambdas/core/incident.ts';
import { STALE_CREDENTIAL_CHECKLIST } from '../../lambdas/core/lockout-findings.ts';
import type { PlaybookFacts } from './playbook-summary.ts';

/** Bookkeeping lines a post-mortem's "what was done" leaves out. */
const BOOKKEEPING = new Set(['open-incident', 'attach-alert', 'set-status', 'snapshot-account']);

/** The report sections of the attack-specific playbooks: what they found, and the post-mortem answers. */
export function renderFindings(facts: PlaybookFacts, timeline: readonly TimelineEntry[]): string[] {
  const lines: string[] = [];
  if (facts.hostsToInvestigate.length > 0) {
    lines.push('## Internal hosts to investigate (not blocked in WAF)', '');
    lines.push('| host | failures | successes | accounts tried | signed in as | first seen | last seen |');
    lines.push('|---|---|---|---|---|---|---|');
    for (const h of facts.hostsToInvestigate) {
      lines.push(
        `| ${h.host} | ${h.failures} | ${h.successes} | ${h.accounts.join(', ') || '—'} | ${h.signedInAs.join(', ') || '—'} | ${h.firstSeen ?? '—'} | ${h.lastSeen ?? '—'} |`,
      );
    }
    lines.push('');
  }
  if (facts.ownerNotified.length > 0) {
    lines.push(`Account owners told: ${facts.ownerNotified.join(', ')}`, '');
  }
  if (facts.risk) {
    const { score, tier, identityEvent, stepUp } = facts.risk;
    lines.push(
      '## Risk',
      '',
      `- Score: ${score ?? 'none given'} (${tier ?? 'no tier'})${identityEvent ? `, after a ${identityEvent}` : ''}`,
      `- Step-up forced (signed out, must sign in again with MFA): ${stepUp.join(', ') || 'none'}`,
      '',
    );
  }
  const lockout = facts.lockout;
  if (lockout) {
    const callers = lockout.callers;
    const first = callers.flatMap((c) => c.firstFailure ?? []).sort()[0];
    const last = callers
      .map((c) => c.lastFailure)
      .sort()
      .at(-1);
    const done = timeline.filter((e) => e.outcome === 'ok' && !BOOKKEEPING.has(e.action));
    lines.push(
      '## Post-mortem: account lockout',
      '',
      '| question | answer |',
      '|---|---|',
      `| When | ${first ?? '—'} to ${last ?? '—'} (${lockout.lockouts} lockout(s)) |`,
      `| Which account | ${lockout.account} |`,
      `| Which caller computer | ${list(lockout.relays?.length ? lockout.relays.map((r) => r.computer) : callers.map((c) => c.computer))} |`,
      ...(lockout.relays ?? []).map(
        (r) =>
          `| Relay (named by the lockouts, not the source; not blocked) | ${r.computer}: ${r.role}; sources behind it: ${r.sources.join(', ') || 'none in the logs'} |`,
      ),
      `| Which address | ${list(callers.map((c) => c.address))} |`,
      `| Which process or application | ${list(callers.flatMap((c) => c.processes))} |`,
      `| Verdict | **${lockout.verdict}**: ${lockout.reasons.join('; ')} |`,
      `| What was done, when | ${done.map((e) => `${e.at} ${e.action}`).join('<br>') || 'nothing'} |`,
      '',
      '| caller computer | address | through | verdict | first failure | last failure | failures | cadence | failure codes | process |',
      '|---|---|---|---|---|---|---|---|---|---|',
      ...callers.map(
        (c) =>
          `| ${c.computer ?? '—'} | ${c.address ?? '—'} | ${c.via ?? '—'} | ${c.verdict}${c.kind && c.kind !== 'unknown' ? ` (${c.kind})` : ''} | ${c.firstFailure ?? '—'} | ${c.lastFailure ?? '—'} | ${c.failures} | ${c.cadence} | ${c.failureCodes.join(', ') || '—'} | ${c.processes.join(', ') || '—'} |`,
      ),
      '',
    );
    if (callers.some((c) => c.verdict === 'stale-credentials')) {
      lines.push(
        'Where the old password hides on the caller (check each, then unlock the account):',
        '',
        ...(lockout.checklist?.length ? lockout.checklist : STALE_CREDENTIAL_CHECKLIST).map(
          (place) => `- [ ] ${place}`,
        ),
        '',
      );
    }
  }
  return lines;
}

function list(items: (string | undefined)[]): string {
  const known = [...new Set(items.filter((i): i is string => Boolean(i)))];
  return known.join(', ') || 'unknown';
}
