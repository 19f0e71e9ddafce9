import type { LogRecord } from '../adapters/logs/port.ts';
import type { Alert } from '../core/alerts.ts';
import type { BranchResult } from '../core/incident.ts';
import { analyzeLockouts } from '../core/lockout.ts';
import { describeCaller, type LockoutFindings, lockoutFindings } from '../core/lockout-findings.ts';
import { InvalidInputError } from '../core/validate.ts';
import type { Deps } from '../platform/deps.ts';
import { investigationWindow, toAuthEvents } from './auth-log.ts';

/**
 * The help desk's lockout investigation: read the account's lockouts (4740) and the failures (4625, 4771)
 * before them in the window, group them by caller computer and address, and judge each caller: an outside
 * attacker, or one of our machines still using an old password. The result carries the verdict the
 * playbook's Choice states read, and the alert to act on: its sources narrowed to the attackers' public
 * addresses, so nothing internal is ever blocked.
 */
export async function investigateLockout(
  { incidentId, alert }: { incidentId: string; alert: Alert },
  deps: Deps,
): Promise<BranchResult & { verdict: LockoutFindings['verdict']; findings: LockoutFindings; alert: Alert }> {
  const account = alert.targetedUsers[0];
  if (!account) throw new InvalidInputError('alert.targetedUsers: name the locked-out account');
  const window = investigationWindow(alert, deps);
  // First the account's own records, then everything its callers did, to see whom else they tried.
  const own = await deps.logs.read(window, { ips: alert.sourceIps, users: [account, ...alert.sourceHosts] });
  const callers = toAuthEvents(own).events.filter((e) => e.user === account.toLowerCase());
  const ips = [...new Set(callers.flatMap((e) => (e.sourceIp ? [e.sourceIp] : [])))];
  const hosts = [...new Set(callers.flatMap((e) => (e.sourceHost ? [e.sourceHost] : [])))];
  // No indicator would mean "every record": only read again when there is a caller to follow.
  const more = ips.length + hosts.length > 0 ? await deps.logs.read(window, { ips, users: hosts }) : [];
  const { events, unreadable } = toAuthEvents(unique([...own, ...more]));
  const analysis = analyzeLockouts(events, {
    account,
    window: { start: window.start.getTime(), end: window.end.getTime() },
  });
  const findings = lockoutFindings(account, analysis);
  const summary = summarize(findings);
  await deps.incidents.append(incidentId, 'investigate-lockout', {
    at: deps.clock().toISOString(),
    actor: 'riposte/investigate-lockout',
    action: 'investigate-lockout',
    outcome: 'ok',
    detail: `${summary} (${events.length} sign-in record(s) read, ${unreadable} other record(s) skipped)`,
    data: { findings },
  });
  return {
    step: 'investigate-lockout',
    ok: true,
    summary,
    failures: [],
    // A stale caller or an unclear case waits for the help desk; an attacker is handled by the playbook.
    handedOver:
      findings.verdict !== 'attacker' || findings.callers.some((c) => c.verdict === 'stale-credentials'),
    verdict: findings.verdict,
    findings,
    alert: { ...alert, sourceIps: findings.attackerAddresses },
  };
}

function summarize(f: LockoutFindings): string {
  const of = (verdict: string) => f.callers.filter((c) => c.verdict === verdict).map(describeCaller);
  const parts: string[] = f.relays.map(
    (r) =>
      `the lockouts name ${r.computer} as the caller: it is a relay (${r.role}), not the source; it is not blocked`,
  );
  if (f.verdict === 'attacker') {
    parts.push(
      `${f.account} is locked out by an outside attacker: ${of('attacker').join('; ')}. Blocking ${f.attackerAddresses.join(', ') || 'no public address'} and acting as for brute force`,
    );
  }
  // A stale caller is reported whatever the overall verdict: an attack next to it does not fix it.
  const stale = of('stale-credentials');
  if (stale.length > 0) {
    parts.push(
      `${f.account} is locked out by a machine or device still using an old password: ${stale.join('; ')}. Do NOT reset ${f.account}'s password for this; check ${f.checklist.join('; ')}; then unlock the account`,
    );
  }
  if (f.verdict === 'unclear') {
    parts.push(
      `cannot tell why ${f.account} keeps locking out: ${f.callers.map(describeCaller).join('; ') || 'no caller found in the logs'}. ${f.reasons.join('; ')}; investigate by hand`,
    );
  }
  return parts.join('. ');
}

/** The two reads overlap: keep each record once. */
function unique(records: LogRecord[]): LogRecord[] {
  const seen = new Set<string>();
  return records.filter((r) => {
    const key = JSON.stringify(r);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
