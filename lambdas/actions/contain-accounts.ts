import { NamedError } from '../adapters/named-error.ts';
import type { Alert } from '../core/alerts.ts';
import type { ContainmentAction } from '../core/config.ts';
import type { BranchResult } from '../core/incident.ts';
import type { Deps } from '../platform/deps.ts';

export interface ContainInput {
  incidentId: string;
  alert: Alert;
  /** Accounts to contain; default the alert's compromised accounts. */
  users?: string[];
  /** What to do to each; default revoke sessions and force a new password. */
  actions?: ContainmentAction[];
}

/**
 * For every account to contain (default: those that signed in from the attack): record its prior state,
 * then do what `actions` asks (default: revoke its sessions and force a new password), in every configured
 * provider. One failing user or provider never stops the others.
 */
export async function containAccounts(
  {
    incidentId,
    alert,
    users = alert.compromisedUsers,
    actions = ['revoke-sessions', 'force-password-reset'],
  }: ContainInput,
  deps: Deps,
): Promise<BranchResult> {
  const wants = new Set(actions);
  const sessionsRevoked = new Set<string>();
  const passwordResets = new Set<string>();
  const failures: { target: string; error: string }[] = [];
  for (const user of users) {
    let foundAnywhere = false;
    const errors: string[] = [];
    for (const provider of deps.identityProviders) {
      const target = `${user}@${provider.name}`;
      const log = (
        action: string,
        outcome: 'ok' | 'failed' | 'skipped',
        detail: string,
        data?: Record<string, unknown>,
      ) =>
        deps.incidents.append(incidentId, `${action}:${target}`, {
          at: deps.clock().toISOString(),
          actor: 'riposte/contain-accounts',
          action,
          outcome,
          detail,
          data: { user, provider: provider.name, ...data },
        });
      try {
        const prior = await provider.getState(user);
        if (!prior.exists) {
          await log('snapshot-account', 'skipped', `${user} has no account in ${provider.name}`);
          continue;
        }
        foundAnywhere = true;
        await log('snapshot-account', 'ok', `recorded prior state of ${user} in ${provider.name}`, { prior });
        if (wants.has('revoke-sessions')) {
          const { revoked } = await provider.revokeSessions(user);
          sessionsRevoked.add(user);
          await log(
            'revoke-sessions',
            'ok',
            `revoked ${revoked ?? 'all'} session(s) of ${user} in ${provider.name}`,
          );
        }
        if (wants.has('force-password-reset') && provider.canResetPasswords) {
          await provider.forcePasswordReset(user);
          passwordResets.add(user);
          await log(
            'force-password-reset',
            'ok',
            `${user} must choose a new password at next sign-in (${provider.name})`,
          );
        }
        if (wants.has('disable')) {
          throw new NamedError('NotSupported', `${provider.name} cannot disable accounts in this version`);
        }
      } catch (error) {
        const message = `${(error as Error).name}: ${(error as Error).message}`;
        foundAnywhere = true;
        errors.push(message);
        failures.push({ target, error: message });
        await log('contain-account', 'failed', `could not contain ${user} in ${provider.name}: ${message}`);
      }
    }
    if (!foundAnywhere && errors.length === 0) {
      const error = `UnknownUser: ${user} exists in none of ${deps.identityProviders.map((p) => p.name).join(', ')}`;
      failures.push({ target: user, error });
      await deps.incidents.append(incidentId, `contain-account:unknown:${user}`, {
        at: deps.clock().toISOString(),
        actor: 'riposte/contain-accounts',
        action: 'contain-account',
        outcome: 'failed',
        detail: error,
        data: { user },
      });
    }
  }
  return {
    step: 'contain-accounts',
    ok: true,
    summary: `${sessionsRevoked.size} account(s) signed out, ${passwordResets.size} forced to reset, ${failures.length} failure(s)`,
    failures,
    sessionsRevoked: [...sessionsRevoked].sort(),
    passwordResets: [...passwordResets].sort(),
  };
}
