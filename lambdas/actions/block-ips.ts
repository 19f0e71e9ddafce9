import type { Alert } from '../core/alerts.ts';
import { addHours } from '../core/clock.ts';
import { planBlocks } from '../core/guardrails.ts';
import type { BranchResult } from '../core/incident.ts';
import type { Deps } from '../platform/deps.ts';

export interface BlockInput {
  incidentId: string;
  alert: Alert;
}

/**
 * Record the attacker addresses as desired blocks. The WAF writer applies them; this step never
 * touches WAF itself, so a burst of alerts turns into few IP-set writes instead of lock conflicts.
 */
export async function blockSourceIps({ incidentId, alert }: BlockInput, deps: Deps): Promise<BranchResult> {
  const { waf, allowList } = deps.config;
  const now = deps.clock();
  const plan = planBlocks(alert.sourceIps, {
    allowList,
    maxPrefixV4: waf.maxPrefixV4,
    maxPrefixV6: waf.maxPrefixV6,
  });
  const expiresAt = addHours(now, waf.blockTtlHours).toISOString();
  for (const cidr of plan.accepted) {
    await deps.blocklist.record(
      {
        cidr: cidr.cidr,
        version: cidr.version,
        incidentId,
        reason: alert.title || alert.type,
        severity: alert.severity,
        expiresAt,
      },
      now,
    );
  }
  for (const refusal of plan.refused) {
    await deps.incidents.append(incidentId, `block-refused:${refusal.input}`, {
      at: now.toISOString(),
      actor: 'riposte/block-ips',
      action: 'block-ip',
      outcome: 'refused',
      detail: `did not block "${refusal.input}": ${refusal.reason}`,
      data: { ...refusal },
    });
  }
  const blocked = plan.accepted.map((c) => c.cidr);
  await deps.incidents.append(incidentId, 'block-ips', {
    at: now.toISOString(),
    actor: 'riposte/block-ips',
    action: 'block-ips',
    outcome: blocked.length > 0 ? 'ok' : 'skipped',
    detail:
      blocked.length > 0
        ? `blocklisted ${blocked.join(', ')} until ${expiresAt}`
        : 'no blockable address in the alert',
    data: { blocked, refused: plan.refused, expiresAt },
  });
  return {
    step: 'block-ips',
    ok: true,
    summary: `blocklisted ${blocked.join(', ') || 'nothing'} until ${expiresAt}; ${plan.refused.length} refused`,
    failures: [],
    blocked,
    refused: plan.refused,
  };
}
