import type { AccountState } from '../adapters/identity/port.ts';
import { CONTAIN_ACTIONS, type ContainAction } from '../core/containment.ts';
import type { TimelineEntry } from '../core/incident.ts';
import type { Deps } from '../platform/deps.ts';

export interface UndoRequest {
  incidentId: string;
  /**
   * What to undo: `contain-accounts` (every containment action of the incident) or one action
   * (`disable`, `force-password-reset`, `revoke-sessions`), optionally `:user` or `:user@provider`.
   */
  target: string;
  by: string;
  reason: string;
}

export interface UndoLine {
  action: ContainAction;
  user: string;
  provider: string;
  outcome: 'ok' | 'skipped' | 'failed';
  detail: string;
  prior?: AccountState;
  after?: AccountState;
}

/** Take back containment from the prior state recorded before it, newest first, and record each step. */
export async function undoContainment(request: UndoRequest, deps: Deps): Promise<UndoLine[]> {
  const { incidentId } = request;
  const timeline = await deps.incidents.timeline(incidentId);
  if (timeline.length === 0) throw new Error(`incident ${incidentId} has no timeline here; check the id`);
  const match = parseTarget(request.target);
  const undone = new Set(
    timeline.filter((e) => e.action === 'undo' && e.outcome !== 'failed').map((e) => key(e.data ?? {})),
  );
  const done = timeline
    .filter(
      (e) =>
        e.outcome === 'ok' &&
        CONTAIN_ACTIONS.includes(e.action as ContainAction) &&
        match(e.action, String(e.data?.user), String(e.data?.provider)),
    )
    .reverse();
  if (done.length === 0) throw new Error(`nothing matching "${request.target}" was done on ${incidentId}`);
  const lines: UndoLine[] = [];
  for (const entry of done) {
    const data = {
      action: entry.action,
      user: String(entry.data?.user),
      provider: String(entry.data?.provider),
    };
    if (undone.has(key(data))) continue;
    const provider = deps.identityProviders.find((p) => p.name === data.provider);
    const prior = priorState(timeline, data.user, data.provider);
    const line = { ...data, action: entry.action as ContainAction, prior };
    if (!provider || !prior) {
      const detail = !provider
        ? `${data.provider} is not configured here: undo it in ${data.provider} by hand`
        : `no prior state of ${data.user} in ${data.provider} was recorded: undo by hand`;
      lines.push({ ...line, outcome: 'failed', detail });
      continue;
    }
    try {
      const detail = await provider.undo(line.action, prior);
      lines.push({ ...line, outcome: 'ok', detail, after: await provider.getState(data.user) });
    } catch (error) {
      const restorable = (error as Error).name !== 'NotRestorable';
      lines.push({
        ...line,
        outcome: restorable ? 'failed' : 'skipped',
        detail: `${(error as Error).name}: ${(error as Error).message}`,
      });
    }
  }
  const at = deps.clock().toISOString();
  for (const l of lines) {
    const target = `${l.action}:${l.user}@${l.provider}`;
    await deps.incidents.append(
      incidentId,
      l.outcome === 'failed' ? `undo-failed:${target}:${at}` : `undo:${target}`,
      {
        at,
        actor: `human/${request.by}`,
        action: 'undo',
        outcome: l.outcome,
        detail: `undo ${l.action} of ${l.user} in ${l.provider}: ${l.detail} (${request.reason})`,
        data: {
          action: l.action,
          user: l.user,
          provider: l.provider,
          prior: l.prior,
          ...(l.after ? { after: l.after } : {}),
        },
      },
    );
  }
  return lines;
}

const key = (d: Record<string, unknown>) => `${d.action}:${d.user}@${d.provider}`;

function priorState(timeline: TimelineEntry[], user: string, provider: string): AccountState | undefined {
  return timeline.find(
    (e) => e.action === 'snapshot-account' && e.data?.user === user && e.data?.provider === provider,
  )?.data?.prior as AccountState | undefined;
}

/** `contain-accounts`, `disable`, `disable:alice`, `contain-accounts:alice@okta` → a filter. */
export function parseTarget(target: string): (action: string, user: string, provider: string) => boolean {
  const [action = '', ...rest] = target.split(':');
  const who = rest.join(':');
  if (action !== 'contain-accounts' && !CONTAIN_ACTIONS.includes(action as ContainAction)) {
    throw new Error(
      `cannot undo "${action}": name contain-accounts or one of ${CONTAIN_ACTIONS.join(', ')}, optionally followed by :user or :user@provider`,
    );
  }
  const at = who.lastIndexOf('@');
  const providerPart = at >= 0 ? who.slice(at + 1) : '';
  const knownProvider = ['cognito', 'app-sessions', 'iam', 'okta', 'entra', 'auth0'].includes(providerPart);
  const user = knownProvider ? who.slice(0, at) : who;
  return (a, u, p) =>
    (action === 'contain-accounts' || a === action) &&
    (!user || u === user) &&
    (!knownProvider || p === providerPart);
}
