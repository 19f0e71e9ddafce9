import type { IdentityProvider } from '../adapters/identity/port.ts';
import type { ContainAction } from '../core/containment.ts';
import type { Deps } from '../platform/deps.ts';

/** One containment action on one account in one provider. */
export function perform(provider: IdentityProvider, action: ContainAction, user: string): Promise<unknown> {
  if (action === 'revoke-sessions') return provider.revokeSessions(user);
  if (action === 'force-password-reset') return provider.forcePasswordReset(user);
  return provider.disable(user);
}

const THROTTLED = /TooManyRequests|Throttl|RateExceeded/;

/** Try a throttled call again after 1, 2 and 4 s (on the injected clock) before naming it failed. */
export async function withRetry<T>(deps: Deps, call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= 3 || !THROTTLED.test((error as Error).name)) throw error;
      await deps.sleep(1000 * 2 ** attempt);
    }
  }
}

/** What an action did, in words, for the timeline. */
export function describe(action: ContainAction, user: string, provider: string): string {
  if (action === 'revoke-sessions') return `revoked the sessions of ${user} in ${provider}`;
  if (action === 'force-password-reset')
    return `${user} must choose a new password at next sign-in (${provider})`;
  return `disabled ${user} in ${provider}`;
}
