import type { AccountState, ContainAction, IdentityProvider } from '../../lambdas/adapters/identity/port.ts';
import { NamedError } from '../../lambdas/adapters/named-error.ts';

/**
 * Faults a scenario or test injects into the local identity providers: the next `times` calls to a
 * provider throw an error with this name (`TooManyRequestsException`, `ProviderUnavailable`, …).
 */
export class ProviderFaults {
  private readonly pending = new Map<string, { name: string; message: string; times: number }[]>();

  failNext(provider: string, name: string, times = 1, message = `injected fault: ${name}`): void {
    const list = this.pending.get(provider) ?? [];
    list.push({ name, message, times });
    this.pending.set(provider, list);
  }

  /** The provider, throwing the pending faults before each call reaches it. */
  wrap(provider: IdentityProvider): IdentityProvider {
    const guarded =
      <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        const fault = this.pending.get(provider.name)?.[0];
        if (fault) {
          if (--fault.times <= 0) this.pending.get(provider.name)?.shift();
          throw new NamedError(fault.name, fault.message);
        }
        return call(...args);
      };
    return {
      name: provider.name,
      supports: provider.supports,
      getState: guarded((user: string) => provider.getState(user)),
      revokeSessions: guarded((user: string) => provider.revokeSessions(user)),
      forcePasswordReset: guarded((user: string) => provider.forcePasswordReset(user)),
      disable: guarded((user: string) => provider.disable(user)),
      undo: guarded((action: ContainAction, prior: AccountState) => provider.undo(action, prior)),
    };
  }
}
