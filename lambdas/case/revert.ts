import { describe, moveControl } from '../actions/posture.ts';
import { pendingStages } from '../actions/relax-control.ts';
import { holdControl } from '../actions/relax-stage.ts';
import { scheduleName } from '../actions/schedule-relaxation.ts';
import { undoContainment } from '../actions/undo-containment.ts';
import { isActive, type UnblockRequest } from '../core/blocklist.ts';
import { type Actor, caseEntry, checkText, requireIncident, type Suppression } from '../core/case.ts';
import { parseCidr } from '../core/cidr.ts';
import type { TimelineEntry } from '../core/incident.ts';
import { CONTROL_NAMES, releaseNeed } from '../core/posture.ts';
import type { Deps } from '../platform/deps.ts';

/** One thing a revert put back (or could not), per layer. */
export interface RevertLine {
  layer: 'waf' | 'accounts' | 'posture' | 'relaxation';
  target: string;
  /** queued: handed to the single writer that changes WAF (the line says so, it is not yet live). */
  outcome: 'ok' | 'queued' | 'skipped' | 'failed';
  detail: string;
}

export interface RevertResult {
  incidentId: string;
  lines: RevertLine[];
  /** Addresses and accounts proposed for suppression (applied only when an analyst accepts them). */
  suppressions: Suppression[];
}

/**
 * Undo everything the incident did that can be undone, after a false positive: unblock its addresses
 * (only those no other incident still holds), re-enable its accounts from their recorded prior state,
 * release what it needed of the posture, hold its relaxation ladder and delete its pending schedules.
 * Each layer is tried even when another fails; every line goes on the timeline, with who asked. Its
 * addresses and accounts become suppression candidates.
 */
export async function revertIncident(
  deps: Deps,
  actor: Actor,
  id: string,
  input: { reason: string },
): Promise<RevertResult> {
  const reason = checkText('--reason', input.reason);
  const incident = requireIncident(id, await deps.incidents.get(id));
  const timeline = await deps.incidents.timeline(id);
  const lines: RevertLine[] = [];
  const layer = async (name: RevertLine['layer'], work: () => Promise<RevertLine[]>) => {
    try {
      lines.push(...(await work()));
    } catch (error) {
      lines.push({ layer: name, target: '*', outcome: 'failed', detail: describe(error) });
    }
  };
  const addresses = incidentAddresses(incident.sourceIps, timeline);
  await layer('waf', () => unblockAddresses(deps, id, addresses, reason));
  await layer('accounts', () => undoAccounts(deps, actor, id, reason));
  await layer('posture', () => releasePosture(deps, id));
  await layer('relaxation', () => cancelRelaxation(deps, actor, id, reason));

  const at = deps.clock();
  // Only addresses this incident had blocked are candidates (not refused or allow-listed ones).
  const blocked = lines
    .filter((l) => l.layer === 'waf' && (l.outcome === 'queued' || /still hold it/.test(l.detail)))
    .map((l) => l.target);
  const suppressions = await proposeSuppressions(deps, actor, id, reason, at, {
    addresses: blocked,
    accounts: [...new Set([...incident.compromisedUsers, ...incident.targetedUsers])],
  });
  const failed = lines.filter((l) => l.outcome === 'failed');
  await deps.incidents.append(id, `case:revert:${at.toISOString()}`, {
    ...caseEntry(
      actor,
      at,
      'revert',
      `reverted after a false positive: ${summarize(lines)}${failed.length > 0 ? `; ${failed.length} step(s) FAILED, finish by hand` : ''} (${reason})`,
      { lines, suppressions: suppressions.map((s) => `${s.kind}:${s.value}`) },
    ),
    outcome: failed.length > 0 ? 'failed' : 'ok',
  });
  return { incidentId: id, lines, suppressions };
}

/** The addresses the incident asked to block (normalized) and every one the WAF writer made live for it. */
function incidentAddresses(sourceIps: readonly string[], timeline: readonly TimelineEntry[]): string[] {
  const out = new Set<string>();
  for (const input of sourceIps) {
    try {
      out.add(parseCidr(input).cidr);
    } catch {
      // Never blockable, so nothing to unblock.
    }
  }
  for (const e of timeline)
    if (e.action === 'waf-sync') for (const c of (e.data?.live as string[] | undefined) ?? []) out.add(c);
  return [...out].sort();
}

async function unblockAddresses(
  deps: Deps,
  id: string,
  cidrs: string[],
  reason: string,
): Promise<RevertLine[]> {
  if (cidrs.length === 0) return [];
  const now = deps.clock();
  const entries = new Map((await deps.blocklist.get(cidrs)).map((e) => [e.cidr, e]));
  const lines: RevertLine[] = [];
  const changes: UnblockRequest[] = [];
  for (const cidr of cidrs) {
    const entry = entries.get(cidr);
    if (!entry || !isActive(entry, now) || !entry.incidentIds.includes(id)) {
      lines.push({
        layer: 'waf',
        target: cidr,
        outcome: 'skipped',
        detail: 'not blocked for this incident now',
      });
      continue;
    }
    const others = entry.incidentIds.filter((i) => i !== id);
    if (others.length > 0) {
      lines.push({
        layer: 'waf',
        target: cidr,
        outcome: 'skipped',
        detail: `left blocked: ${others.join(', ')} still hold it`,
      });
      continue;
    }
    changes.push({
      op: 'unblock',
      cidr,
      version: entry.version,
      incidentId: id,
      reason: `false positive: ${reason}`,
      requestedAt: now.toISOString(),
    });
    lines.push({
      layer: 'waf',
      target: cidr,
      outcome: 'queued',
      detail: 'removal queued for the WAF writer (the incident timeline says when it is out of WAF)',
    });
  }
  if (changes.length > 0) await deps.changes.send(changes);
  return lines;
}

async function undoAccounts(deps: Deps, actor: Actor, id: string, reason: string): Promise<RevertLine[]> {
  const timeline = await deps.incidents.timeline(id);
  if (!timeline.some((e) => e.outcome === 'ok' && e.data?.provider !== undefined && e.action !== 'undo'))
    return [];
  try {
    const undone = await undoContainment(
      { incidentId: id, target: 'contain-accounts', by: actor.id, reason: `false positive: ${reason}` },
      deps,
    );
    return undone.map((l) => ({
      layer: 'accounts' as const,
      target: `${l.action}:${l.user}@${l.provider}`,
      outcome: l.outcome,
      detail: l.detail,
    }));
  } catch (error) {
    // undoContainment names "nothing matching … was done": no account was contained, nothing to undo.
    if (/^nothing matching/.test((error as Error).message)) return [];
    throw error;
  }
}

async function releasePosture(deps: Deps, id: string): Promise<RevertLine[]> {
  const lines: RevertLine[] = [];
  for (const name of CONTROL_NAMES) {
    const change = await moveControl(deps, name, (state) =>
      state && id in state.needs ? releaseNeed(state, id) : undefined,
    );
    if (!change) continue;
    lines.push({
      layer: 'posture',
      target: name,
      outcome: change.error ? 'failed' : 'ok',
      detail: change.error
        ? `released this incident's need, but applying failed: ${change.error}`
        : `released: now ${change.after}${change.neededBy.length > 0 ? ` (still needed by ${change.neededBy.join(', ')})` : ''}`,
    });
  }
  return lines;
}

/** Hold the ladder (a stage already firing is held) and delete each pending stage's schedule. */
async function cancelRelaxation(deps: Deps, actor: Actor, id: string, reason: string): Promise<RevertLine[]> {
  if (!(await deps.incidents.timeline(id)).some((e) => e.action === 'schedule-relaxation')) return [];
  const stages = await pendingStages(deps, id);
  const at = deps.clock().toISOString();
  await deps.incidents.setControl(holdControl(id), {
    on: true,
    by: actor.id,
    at,
    reason: `false positive: ${reason}`,
  });
  const lines: RevertLine[] = [];
  for (const stage of stages) {
    const name = scheduleName(id, stage.stage, stage.nextAttempt);
    const { deleted } = await deps.scheduler.cancel(name);
    lines.push({
      layer: 'relaxation',
      target: stage.stage,
      outcome: deleted ? 'ok' : 'skipped',
      detail: deleted ? `deleted schedule ${name}; ladder held` : `no pending schedule ${name}; ladder held`,
    });
  }
  return lines;
}

async function proposeSuppressions(
  deps: Deps,
  actor: Actor,
  id: string,
  reason: string,
  at: Date,
  from: { addresses: string[]; accounts: string[] },
): Promise<Suppression[]> {
  const proposals: Suppression[] = [
    ...from.addresses.map((value) => ({ kind: 'address' as const, value })),
    ...from.accounts.map((value) => ({ kind: 'account' as const, value })),
  ].map((s) => ({
    ...s,
    incidentId: id,
    reason,
    proposedBy: actor.id,
    proposedAt: at.toISOString(),
    state: 'candidate' as const,
  }));
  const fresh: Suppression[] = [];
  for (const p of proposals) if (await deps.incidents.proposeSuppression(p)) fresh.push(p);
  return fresh;
}

function summarize(lines: readonly RevertLine[]): string {
  if (lines.length === 0) return 'nothing in force to undo';
  const by = (layer: RevertLine['layer']) =>
    lines.filter((l) => l.layer === layer && l.outcome !== 'skipped');
  return (['waf', 'accounts', 'posture', 'relaxation'] as const)
    .map((layer) => `${layer} ${by(layer).length}`)
    .join(', ');
}
