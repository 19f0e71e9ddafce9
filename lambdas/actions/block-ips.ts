import type { Alert } from '../core/alerts.ts';
import type { BlocklistChange } from '../core/blocklist.ts';
import { blockLimits, planBlocks } from '../core/guardrails.ts';
import type { BranchResult, TimelineEntry } from '../core/incident.ts';
import type { Deps } from '../platform/deps.ts';
import { blockingPause } from './kill-switch.ts';

export interface BlockInput {
  incidentId: string;
  alert: Alert;
  /** Record the plan only (also forced by waf.dryRun). */
  dryRun?: boolean;
  /** A human approved more entries than waf.approvalThreshold allows automatically. */
  approved?: boolean;
  /** Duration override for manual blocks; otherwise the escalation ladder decides. */
  ttlHours?: number | null;
}

/**
 * Decide what may be blocked and hand it to the single WAF writer. This step never touches WAF or the
 * table itself: a burst of 50,000 alerts becomes a few batched table writes and a few IP-set writes.
 */
export async function blockSourceIps(input: BlockInput, deps: Deps): Promise<BranchResult> {
  const { incidentId, alert } = input;
  const { waf } = deps.config;
  const at = deps.clock().toISOString();
  const plan = planBlocks(alert.sourceIps, blockLimits(deps.config));
  const cidrs = plan.accepted.map((c) => c.cidr);
  const lines: { entryId: string; entry: TimelineEntry }[] = plan.refused.map((r) => ({
    entryId: `block-refused:${r.input}`,
    entry: {
      at,
      actor: 'riposte/block-ips',
      action: 'block-ip',
      outcome: 'refused',
      detail: `did not block "${r.input}": ${r.reason}`,
      data: { ...r },
    },
  }));
  const result = (outcome: TimelineEntry['outcome'], detail: string, extra: Record<string, unknown> = {}) => {
    if (outcome !== 'ok') {
      lines.push({
        entryId: 'block-ips',
        entry: {
          at,
          actor: 'riposte/block-ips',
          action: 'block-ips',
          outcome,
          detail,
          data: { planned: cidrs, refused: plan.refused },
        },
      });
    }
    return {
      step: 'block-ips',
      ok: true as const,
      summary: detail,
      failures: [],
      blocked: outcome === 'ok' ? cidrs : [],
      planned: cidrs,
      refused: plan.refused,
      ...extra,
    };
  };

  let outcome: BranchResult;
  const paused = cidrs.length > 0 ? await blockingPause(deps) : undefined;
  if (cidrs.length === 0) {
    outcome = result('skipped', 'no blockable address in the alert');
  } else if (paused) {
    const reason = `blocking paused by the kill switch (${paused.by} at ${paused.at}: ${paused.reason})`;
    outcome = result('refused', `${reason}; did not block ${cidrs.join(', ')}`, {
      paused: true,
      failures: cidrs.map((target) => ({ target, error: reason })),
    });
  } else if (input.dryRun || waf.dryRun) {
    outcome = result('planned', `dry run: would block ${cidrs.join(', ')}`, { dryRun: true });
  } else if (cidrs.length > waf.approvalThreshold && !input.approved) {
    outcome = result(
      'planned',
      `${cidrs.length} new entries exceed the approval threshold (${waf.approvalThreshold}); waiting for a human`,
      { approvalRequired: true },
    );
  } else {
    const changes: BlocklistChange[] = plan.accepted.map((c) => ({
      op: 'block',
      cidr: c.cidr,
      version: c.version,
      incidentId,
      reason: alert.title || alert.type,
      severity: alert.severity,
      requestedAt: at,
      ...(input.ttlHours ? { ttlHours: input.ttlHours } : {}),
    }));
    await deps.changes.send(changes);
    // The writer records on the incident when these went live (or why not): a burst of alerts costs no
    // table write here.
    outcome = result('ok', `queued ${cidrs.join(', ')} for the WAF writer`);
  }
  if (lines.length > 0) await deps.incidents.appendMany(lines.map((l) => ({ incidentId, ...l })));
  return outcome;
}
