import pc from 'picocolors';
import { describeCaller } from '../../lambdas/core/lockout-findings.ts';
import { safeStrings } from '../../lambdas/core/safe-text.ts';
import { type IncidentStatus, STATUSES, type StatusTone } from '../../lambdas/core/status.ts';
import type { OperatorResult } from './operator.ts';
import { stageLine } from './relaxation.ts';
import type { SimulationResult } from './simulate.ts';

const TONE_COLOR: Record<StatusTone, (text: string) => string> = {
  good: pc.green,
  warn: pc.yellow,
  bad: pc.red,
  info: pc.cyan,
};
/** The status word in its tone's colour (lambdas/core/status.ts defines each word). */
export function statusWord(status: IncidentStatus): string {
  const tone = STATUSES[status]?.tone ?? 'info';
  return TONE_COLOR[tone](status.toUpperCase());
}

/** The summary a responder reads: one block per incident, then what was rejected or skipped. */
export function renderSimulation(raw: SimulationResult): string {
  // Names, hosts, titles and reasons come from alerts and logs: neutralized before they reach a terminal.
  const result = safeStrings(raw);
  const out: string[] = [];
  out.push(
    pc.bold(
      `riposte simulate: ${result.events} event(s), ${result.incidents.length} incident(s) in ${result.elapsedMs} ms`,
    ),
    '',
  );
  for (const i of result.incidents) {
    out.push(`${pc.bold(i.id)}  ${i.playbook}  ${statusWord(i.status)}  severity ${i.severity}`);
    for (const d of i.detections) {
      out.push(
        `  detected            ${d.type}${d.technique ? ` (${d.technique})` : ''} from ${d.sources.join(', ') || '—'} against ${d.accounts.length} account(s)`,
      );
    }
    out.push(`  blocked in WAF      ${i.blocked.join(', ') || '—'}`);
    for (const r of i.refused) out.push(`  ${pc.yellow('not blocked')}         ${r.address}: ${r.reason}`);
    out.push(`  sessions revoked    ${i.sessionsRevoked.join(', ') || '—'}`);
    out.push(`  password resets     ${i.passwordResets.join(', ') || '—'}`);
    if (i.held.length > 0) out.push(`  held for approval   ${i.held.join(', ')}`);
    for (const a of i.accounts)
      out.push(`  residual access     ${a.user}: ${a.residualAccessSeconds} s (${a.providers.join(', ')})`);
    out.push(
      `  evidence            ${i.evidence ? `${i.evidence.objects} objects${generations(i.evidence)}, manifest ${i.evidence.manifestSha256.slice(0, 16)}…${i.evidence.signed ? ', signed' : ''}` : '—'}`,
    );
    out.push(`  pages               ${i.pages}`);
    for (const h of i.hostsToInvestigate)
      out.push(
        `  ${pc.cyan('investigate host')}    ${h.host}: ${h.failures} failed sign-in(s), ${h.accounts.length} account(s)`,
      );
    if (i.ownerNotified.length > 0) out.push(`  owners told         ${i.ownerNotified.join(', ')}`);
    if (i.lockout) {
      out.push(`  lockout verdict     ${i.lockout.verdict} (${i.lockout.account})`);
      for (const c of i.lockout.callers) out.push(`  caller              ${describeCaller(c)}`);
    }
    if (i.risk)
      out.push(
        `  risk                ${i.risk.score ?? '—'} (${i.risk.tier ?? 'no tier'}), step-up: ${i.risk.stepUp.join(', ') || '—'}`,
      );
    for (const f of i.failures) out.push(`  ${pc.red('failed')}              ${f.action}: ${f.detail}`);
    for (const u of i.uncontained)
      out.push(`  ${pc.red('not contained')}       ${u.who}: ${u.why}. Needs a person: ${u.todo}`);
    for (const s of i.relaxation) out.push(`  relax ${stageLine(s)}`);
    out.push(`  report              ${i.report}`, '');
  }
  if (result.duplicates.length > 0) {
    out.push(
      pc.dim(
        `duplicates (nothing done twice): ${result.duplicates.map((d) => `line ${d.line} → ${d.incidentId}`).join(', ')}`,
      ),
    );
  }
  for (const r of result.ignored) out.push(pc.dim(`ignored line ${r.line}: ${r.reason}`));
  if (result.unparsable) {
    out.push(`${result.records ?? 0} sign-in record(s) read, ${result.unparsable.count} unparsable`);
    for (const d of result.detections ?? []) {
      out.push(
        `  found ${d.type}${d.technique ? ` (${d.technique})` : ''} from ${d.sources.join(', ') || '—'} against ${d.accounts.length} account(s)`,
      );
    }
    for (const r of result.unparsable.records)
      out.push(pc.yellow(`  unparsable line ${r.line}: ${r.reason}`));
  }
  for (const r of result.rejected) out.push(pc.red(`rejected ${r.error}`));
  if (result.rejected.length > 0)
    out.push(pc.dim('Fix the rejected lines and run again; the other events were processed.'));
  return out.join('\n');
}

/** ", 3 of 3 generations sealed" when alerts joined the incident; nothing for a single-alert incident. */
function generations(e: { generations: number; alerts: number }): string {
  if (e.alerts <= 1 && e.generations <= 1) return '';
  return `, ${e.generations} of ${e.alerts} generations sealed`;
}

/** The outcome of a manual block/unblock: what the incident timeline says happened. */
export function renderOperatorResult(raw: OperatorResult): string {
  const result = safeStrings(raw);
  const status = result.status === 'SUCCEEDED' ? pc.green(result.status) : pc.red(result.status);
  const out = [
    `${pc.bold(result.playbook)} ${result.where}  ${status}  incident ${result.incidentId ?? '—'}${result.incidentStatus ? ` ${statusWord(result.incidentStatus)}` : ''}`,
  ];
  if (result.error) out.push(pc.red(`  ${result.error}: ${result.cause}`));
  for (const e of result.timeline ?? []) {
    const mark = e.outcome === 'ok' ? pc.green('✓') : e.outcome === 'planned' ? pc.cyan('…') : pc.yellow('✗');
    out.push(`  ${mark} ${e.action}: ${e.detail}`);
  }
  if (result.where === 'aws') out.push(pc.dim(`  execution ${result.execution}`));
  return out.join('\n');
}
