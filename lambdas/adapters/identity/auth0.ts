import type { SecretSource } from '../secrets/port.ts';
import { temporaryPassword } from './cognito-aws.ts';
import { notRestorable, unknownUser } from './errors.ts';
import { CachedToken, type HttpProviderOptions, type Request, send } from './http.ts';
import type { AccountState, ContainAction, IdentityProvider } from './port.ts';

export interface Auth0Options extends HttpProviderOptions {
  baseUrl: string;
  secretId: string;
  secrets: SecretSource;
  /** Database connection whose password a forced reset replaces. */
  connection: string;
}

interface Auth0User {
  user_id: string;
  blocked?: boolean;
}

/** Auth0's error body: {statusCode, error, message, errorCode}. */
const describe = (body: unknown) => {
  const b = body as { error?: string; message?: string; errorCode?: string; error_description?: string };
  return b?.error
    ? `${b.errorCode ?? b.error}: ${b.message ?? b.error_description ?? ''}`
    : String(body ?? '');
};

/**
 * Auth0 accounts over the Management API v2, with a machine-to-machine app from Secrets Manager.
 * Accounts are named by user_id ("auth0|…") or by email.
 */
export class Auth0Provider implements IdentityProvider {
  readonly name = 'auth0' as const;
  readonly supports = ['revoke-sessions', 'force-password-reset', 'disable'] as const;
  private readonly token: CachedToken;
  private readonly base: string;

  constructor(private readonly options: Auth0Options) {
    this.base = options.baseUrl.replace(/\/$/, '');
    this.token = new CachedToken(async () => {
      const { clientId, clientSecret } = await options.secrets.get(options.secretId);
      const out = await send<{ access_token: string; expires_in: number }>(this.name, describe, options, {
        method: 'POST',
        url: `${this.base}/oauth/token`,
        body: {
          grant_type: 'client_credentials',
          client_id: clientId,
          client_secret: clientSecret,
          audience: `${this.base}/api/v2/`,
        },
        permission: 'a valid client secret for the machine-to-machine application',
      });
      return { value: out.access_token, expiresInSeconds: out.expires_in };
    }, options.now);
  }

  async getState(user: string): Promise<AccountState> {
    const found = await this.find(user);
    if (!found) return { user, provider: this.name, exists: false };
    const roles = await this.call<{ name?: string }[]>({
      method: 'GET',
      path: `/api/v2/users/${encodeURIComponent(found.user_id)}/roles`,
      user,
      permission: 'read:roles',
    });
    return {
      user,
      provider: this.name,
      exists: true,
      enabled: found.blocked !== true,
      groups: roles.map((r) => r.name ?? '').filter(Boolean),
      restore: { userId: found.user_id },
    };
  }

  async revokeSessions(user: string): Promise<{ revoked?: number }> {
    const id = encodeURIComponent(await this.id(user));
    await this.call({
      method: 'DELETE',
      path: `/api/v2/users/${id}/sessions`,
      user,
      permission: 'delete:sessions',
    });
    await this.call({
      method: 'DELETE',
      path: `/api/v2/users/${id}/refresh-tokens`,
      user,
      permission: 'delete:refresh_tokens',
    });
    return {};
  }

  async forcePasswordReset(user: string): Promise<void> {
    // Auth0 has no "change at next login" flag: replace the password nobody knows; the user recovers
    // through the password-reset flow.
    await this.patch(user, { password: temporaryPassword(24), connection: this.options.connection });
  }

  async disable(user: string): Promise<void> {
    await this.patch(user, { blocked: true });
  }

  async undo(action: ContainAction, prior: AccountState): Promise<string> {
    if (action !== 'disable')
      throw notRestorable(
        this.name,
        action === 'revoke-sessions'
          ? 'deleted sessions and refresh tokens cannot be reissued; the user signs in again'
          : 'the replaced password cannot be restored; the user resets it through the password-reset flow',
      );
    if (prior.enabled === false) return `${prior.user} was blocked before riposte: left blocked`;
    await this.patch(prior.user, { blocked: false });
    return `unblocked ${prior.user}`;
  }

  private async patch(user: string, body: unknown) {
    const id = encodeURIComponent(await this.id(user));
    await this.call({ method: 'PATCH', path: `/api/v2/users/${id}`, body, user, permission: 'update:users' });
  }

  private async id(user: string): Promise<string> {
    const found = await this.find(user);
    if (!found) throw unknownUser(this.name, user);
    return found.user_id;
  }

  private async find(user: string): Promise<Auth0User | undefined> {
    if (!user.includes('@') || user.includes('|')) {
      try {
        return await this.call<Auth0User>({
          method: 'GET',
          path: `/api/v2/users/${encodeURIComponent(user)}`,
          user,
          permission: 'read:users',
        });
      } catch (error) {
        if ((error as Error).name === 'UnknownUser') return undefined;
        throw error;
      }
    }
    const found = await this.call<Auth0User[]>({
      method: 'GET',
      path: `/api/v2/users-by-email?email=${encodeURIComponent(user)}`,
      permission: 'read:users',
    });
    return found[0];
  }

  private async call<T>(r: Omit<Request, 'url' | 'headers'> & { path: string }): Promise<T> {
    const token = await this.token.get();
    return send<T>(this.name, describe, this.options, {
      ...r,
      url: `${this.base}${r.path}`,
      headers: { authorization: `Bearer ${token}` },
    });
  }
}
