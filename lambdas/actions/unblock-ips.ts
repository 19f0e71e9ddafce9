import type { Alert } from '../core/alerts.ts';
import type { BlocklistChange } from '../core/blocklist.ts';
import { parseCidr } from '../core/cidr.ts';
import type { BranchResult } from '../core/incident.ts';
import type { Deps } from '../platform/deps.ts';

/**
 * Hand unblock requests to the WAF writer. Unblocking is never refused by the guardrails (it can only make
 * WAF less strict); only addresses that cannot be parsed are refused, each with its reason.
 */
export async function unblockIps(
  { incidentId, alert, dryRun }: { incidentId: string; alert: Alert; dryRun?: boolean },
  deps: Deps,
): Promise<BranchResult> {
  const at = deps.clock().toISOString();
  const changes: BlocklistChange[] = [];
  const failures: { target: string; error: string }[] = [];
  for (const input of alert.sourceIps) {
    try {
      const cidr = parseCidr(input);
      changes.push({
        op: 'unblock',
        cidr: cidr.cidr,
        version: cidr.version,
        incidentId,
        reason: alert.title,
        requestedAt: at,
      });
    } catch (error) {
      failures.push({ target: input, error: (error as Error).message });
    }
  }
  const cidrs = changes.map((c) => c.cidr);
  if (dryRun) {
    await deps.incidents.append(incidentId, 'unblock-ips:dry-run', {
      at,
      actor: 'riposte/unblock-ips',
      action: 'unblock-ips',
      outcome: 'planned',
      detail: `dry run: would unblock ${cidrs.join(', ') || 'nothing'}`,
    });
    return {
      step: 'unblock-ips',
      ok: true,
      summary: `dry run: would unblock ${cidrs.join(', ')}`,
      failures,
      dryRun: true,
    };
  }
  if (changes.length > 0) await deps.changes.send(changes);
  if (failures.length > 0) {
    await deps.incidents.appendMany(
      failures.map((f) => ({
        incidentId,
        entryId: `unblock-refused:${f.target}`,
        entry: {
          at,
          actor: 'riposte/unblock-ips',
          action: 'unblock-ip',
          outcome: 'refused' as const,
          detail: `did not unblock "${f.target}": ${f.error}`,
        },
      })),
    );
  }
  return {
    step: 'unblock-ips',
    ok: true,
    summary:
      cidrs.length > 0 ? `queued removal of ${cidrs.join(', ')} for the WAF writer` : 'nothing to unblock',
    failures,
    unblocked: cidrs,
  };
}
