import { createHash } from 'node:crypto';
import type { AccountState, IdentityProvider } from '../adapters/identity/port.ts';
import type { Alert } from '../core/alerts.ts';
import { type ContainAction, DISRUPTIVE, gate, residualAccessSeconds } from '../core/containment.ts';
import { tokenLifetime } from '../core/identity-config.ts';
import type { BranchResult, BranchSuccess, Outcome } from '../core/incident.ts';
import type { Deps } from '../platform/deps.ts';
import { breakerReason, pageBreaker, takeBreakerSlot } from './circuit-breaker.ts';
import { describe, perform, withRetry } from './provider-calls.ts';

export const DEFAULT_ACTIONS: readonly ContainAction[] = ['revoke-sessions', 'force-password-reset'];

export interface ContainInput {
  incidentId: string;
  alert: Alert;
  /** Accounts to contain; default: the alert's compromised users. */
  users?: string[];
  /** Default: revoke sessions and force a password reset. */
  actions?: ContainAction[];
  /** Providers to act in; default: every configured provider. */
  providers?: string[];
  /** A human's answer for accounts held for approval (set by the playbook's approval path). */
  decision?: 'approved' | 'denied' | 'timed-out';
  /** The result of the step before the approval, merged into this one. */
  previous?: BranchResult;
}

export interface AccountOutcome {
  user: string;
  providers: string[];
  actions: string[];
  /** How long tokens issued before containment stay valid: the longest over the providers. */
  residualAccessSeconds: number;
}

interface Found {
  provider: IdentityProvider;
  prior: AccountState;
}

/**
 * Contain accounts in every configured provider: record each account's prior state first, hold VIP accounts
 * and steps over the cap for a human, stop disruptive changes when the circuit breaker is open, act, and
 * say how long already-issued tokens stay valid. One failing user or provider never stops the others.
 */
export async function containAccounts(input: ContainInput, deps: Deps): Promise<BranchResult> {
  const { incidentId } = input;
  const users = [...new Set(input.users ?? input.alert.compromisedUsers)];
  const requested = input.actions ?? [...DEFAULT_ACTIONS];
  const providers = deps.identityProviders.filter(
    (p) => !input.providers || input.providers.includes(p.name),
  );
  const failures: BranchSuccess['failures'] = [];
  const log = async (
    entryId: string,
    action: string,
    outcome: Outcome,
    detail: string,
    data: Record<string, unknown> = {},
  ) => {
    await deps.incidents.append(incidentId, entryId, {
      at: deps.clock().toISOString(),
      actor: 'riposte/contain-accounts',
      action,
      outcome,
      detail,
      data,
    });
  };
  const fail = async (user: string, provider: string | undefined, action: string, error: unknown) => {
    const message = `${(error as Error).name}: ${(error as Error).message}`;
    const target = provider ? `${user}@${provider}` : user;
    failures.push({ target, error: message });
    await log(`${action}-failed:${target}`, action, 'failed', `could not ${action} ${target}: ${message}`, {
      user,
      ...(provider ? { provider } : {}),
    });
  };

  // 1. Prior state of every account, recorded before anything changes (undo restores from it).
  const found = new Map<string, Found[]>();
  for (const user of users) {
    const here: Found[] = [];
    let errors = 0;
    for (const provider of providers) {
      try {
        const prior = await withRetry(deps, () => provider.getState(user));
        if (!prior.exists) continue;
        here.push({ provider, prior });
        await log(
          `snapshot-account:${user}@${provider.name}`,
          'snapshot-account',
          'ok',
          `recorded prior state of ${user} in ${provider.name}`,
          { user, provider: provider.name, prior },
        );
      } catch (error) {
        errors++;
        await fail(user, provider.name, 'contain-account', error);
      }
    }
    if (here.length > 0) found.set(user, here);
    else if (errors === 0) {
      const names = providers.map((p) => p.name).join(', ');
      await fail(user, undefined, 'contain-account', {
        name: 'UnknownUser',
        message: `${user} exists in none of ${names}`,
      });
    }
  }

  // 2. Who may be touched now.
  let act = [...found.keys()];
  let actions = requested;
  const extra: Record<string, unknown> = {};
  if (input.decision === 'denied') {
    for (const user of act) {
      failures.push({ target: user, error: 'ApprovalDenied: a human denied containing this account' });
      await log(
        `held-denied:${user}`,
        'contain-account',
        'refused',
        `${user} not contained: approval denied`,
        {
          user,
        },
      );
    }
    act = [];
  } else if (input.decision === 'timed-out') {
    // Nobody answered: the safe default ends sessions and changes nothing the owner would notice.
    actions = requested.filter((a) => a === 'revoke-sessions');
    const skipped = requested.filter((a) => a !== 'revoke-sessions');
    if (skipped.length > 0) {
      for (const user of act)
        failures.push({
          target: user,
          error: `ApprovalTimedOut: ${skipped.join(' + ')} not done (nobody answered); only sessions revoked`,
        });
    }
    await log(
      `held-timed-out:${digest(act)}`,
      'contain-accounts',
      'planned',
      `approval not answered in time: only revoking sessions of ${act.join(', ')}`,
      { users: act },
    );
  } else if (!input.decision) {
    const { identity } = deps.config;
    // Revoking sessions is the safe default itself: a VIP waits only for a reset or a disable.
    const disruptive = requested.some((a) => DISRUPTIVE.includes(a));
    const decision = gate(
      act.map((user) => ({ user, groups: (found.get(user) ?? []).flatMap((f) => f.prior.groups ?? []) })),
      { approvalCap: identity.approvalCap, vipGroups: disruptive ? identity.vipGroups : [] },
    );
    if (decision.kind === 'approval') {
      const held = new Set(decision.users);
      act = act.filter((u) => !held.has(u));
      const planned = decision.users.map(
        (u) =>
          `${u}: ${requested.join(' + ')} in ${(found.get(u) ?? []).map((f) => f.provider.name).join(', ')}`,
      );
      Object.assign(extra, {
        approvalRequired: true,
        held: decision.users,
        planned,
        reasons: decision.reasons,
      });
      await log(
        `approval-needed:${digest(decision.users)}`,
        'contain-accounts',
        'planned',
        `waiting for a human: ${decision.reasons.join('; ')}`,
        {
          held: decision.users,
          planned,
        },
      );
    }
  }

  // 3. Act, provider by provider, under the circuit breaker.
  const accounts: AccountOutcome[] = [];
  let breakerOpen = false;
  for (const user of act) {
    const done: { provider: IdentityProvider; actions: ContainAction[] }[] = [];
    for (const { provider, prior } of found.get(user) ?? []) {
      const did: ContainAction[] = [];
      const possible = prior.supports ?? provider.supports;
      for (const action of actions.filter((a) => possible.includes(a))) {
        const target = `${user}@${provider.name}`;
        if (DISRUPTIVE.includes(action) && !(await takeBreakerSlot(deps))) {
          breakerOpen = true;
          failures.push({ target, error: `CircuitBreakerOpen: ${action} not done` });
          await log(`${action}-breaker:${target}`, action, 'refused', breakerReason(deps, action, target), {
            user,
            provider: provider.name,
          });
          continue;
        }
        try {
          await withRetry(deps, () => perform(provider, action, user));
          did.push(action);
          await log(`${action}:${target}`, action, 'ok', describe(action, user, provider.name), {
            user,
            provider: provider.name,
          });
        } catch (error) {
          await fail(user, provider.name, action, error);
        }
      }
      if (did.length > 0) done.push({ provider, actions: did });
    }
    if (done.length === 0) continue;
    const residual = Math.max(
      ...done.map((d) =>
        residualAccessSeconds(
          d.provider.name,
          d.actions,
          tokenLifetime(deps.config.identity.tokenLifetimes, d.provider.name),
        ),
      ),
    );
    const outcome: AccountOutcome = {
      user,
      providers: done.map((d) => d.provider.name),
      actions: [...new Set(done.flatMap((d) => d.actions))],
      residualAccessSeconds: residual,
    };
    accounts.push(outcome);
    await log(
      `residual-access:${user}`,
      'residual-access',
      'ok',
      `tokens issued to ${user} before containment stay valid up to ${residual} s; the sources stay blocked ${deps.config.waf.blockTtlHours} h`,
      { ...outcome },
    );
  }
  if (breakerOpen) await pageBreaker(deps, incidentId);
  return merge(input.previous, {
    step: 'contain-accounts',
    ok: true,
    summary: '',
    failures,
    accounts,
    ...extra,
  });
}

/** One result for the step, the held accounts' outcome added to the first pass's. */
function merge(previous: BranchResult | undefined, current: BranchSuccess): BranchSuccess {
  const before = previous?.ok ? previous : undefined;
  const accounts = [
    ...((before?.accounts as AccountOutcome[]) ?? []),
    ...(current.accounts as AccountOutcome[]),
  ];
  const failures = [...(before?.failures ?? []), ...current.failures];
  const users = (action: string) =>
    accounts
      .filter((a) => a.actions.includes(action))
      .map((a) => a.user)
      .sort();
  const held = current.approvalRequired ? `, ${(current.held as string[]).length} waiting for approval` : '';
  const longest = Math.max(0, ...accounts.map((a) => a.residualAccessSeconds));
  return {
    ...current,
    summary: `${accounts.length} account(s) contained${held}, ${failures.length} failure(s); issued tokens stay valid up to ${longest} s`,
    failures,
    accounts,
    sessionsRevoked: users('revoke-sessions'),
    passwordResets: users('force-password-reset'),
    disabled: users('disable'),
  };
}

/** A short stable key for a list of users: timeline entry ids stay far below DynamoDB's key limit. */
function digest(users: readonly string[]): string {
  return createHash('sha256').update(users.join('\n')).digest('hex').slice(0, 16);
}
