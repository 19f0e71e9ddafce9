import type { Alert } from '../core/alerts.ts';
import type { BranchResult } from '../core/incident.ts';
import { RISK_TIERS } from '../core/risk.ts';
import type { Deps } from '../platform/deps.ts';

/**
 * A low-risk sign-in: change nothing, but put the decision and the score on the incident so the next
 * detection about the same account is read against it.
 */
export async function watchAccount(
  { incidentId, alert }: { incidentId: string; alert: Alert },
  deps: Deps,
): Promise<BranchResult> {
  const users = alert.targetedUsers.join(', ') || '(no account named)';
  const detail = `risk ${alert.riskScore ?? 'unknown'} is below ${RISK_TIERS.medium}: watching ${users}, nothing changed`;
  await deps.incidents.append(incidentId, 'watch-account', {
    at: deps.clock().toISOString(),
    actor: 'riposte/watch-account',
    action: 'watch-account',
    outcome: 'ok',
    detail,
    data: { users: alert.targetedUsers, riskScore: alert.riskScore, reasons: alert.reasons },
  });
  return { step: 'watch-account', ok: true, summary: detail, failures: [], handedOver: true };
}
