import type { SecretSource } from '../secrets/port.ts';
import { notRestorable } from './errors.ts';
import { CachedToken, type HttpProviderOptions, type Request, send } from './http.ts';
import type { AccountState, ContainAction, IdentityProvider } from './port.ts';

export interface EntraOptions extends HttpProviderOptions {
  tenantId: string;
  graphUrl: string;
  loginUrl: string;
  secretId: string;
  secrets: SecretSource;
}

interface GraphUser {
  id: string;
  accountEnabled?: boolean;
  passwordProfile?: { forceChangePasswordNextSignIn?: boolean } | null;
}

/** Graph's error body: {error: {code, message}}; the token endpoint's: {error, error_description}. */
export const describeGraphError = (body: unknown) => {
  const b = body as { error?: { code?: string; message?: string } | string; error_description?: string };
  if (typeof b?.error === 'string') return `${b.error}: ${b.error_description ?? ''}`;
  return b?.error?.code ? `${b.error.code}: ${b.error.message ?? ''}` : String(body ?? '');
};

/** Microsoft Entra ID accounts over Microsoft Graph, with a client-credentials app from Secrets Manager. */
export class EntraProvider implements IdentityProvider {
  readonly name = 'entra' as const;
  readonly supports = ['revoke-sessions', 'force-password-reset', 'disable'] as const;
  private readonly token: CachedToken;

  constructor(private readonly options: EntraOptions) {
    this.token = entraToken(options);
  }

  async getState(user: string): Promise<AccountState> {
    let found: GraphUser;
    try {
      found = await this.call<GraphUser>({
        method: 'GET',
        path: `/users/${encodeURIComponent(user)}?$select=id,userPrincipalName,accountEnabled,passwordProfile`,
        user,
        permission: 'User.Read.All',
      });
    } catch (error) {
      if ((error as Error).name === 'UnknownUser') return { user, provider: this.name, exists: false };
      throw error;
    }
    const groups = await this.call<{ value: { displayName?: string }[] }>({
      method: 'GET',
      path: `/users/${found.id}/memberOf?$select=displayName`,
      user,
      permission: 'GroupMember.Read.All',
    });
    const forced = found.passwordProfile?.forceChangePasswordNextSignIn === true;
    return {
      user,
      provider: this.name,
      exists: true,
      enabled: found.accountEnabled !== false,
      passwordStatus: forced ? 'FORCE_CHANGE_NEXT_SIGN_IN' : 'SET',
      groups: groups.value.map((g) => g.displayName ?? '').filter(Boolean),
    };
  }

  async revokeSessions(user: string): Promise<{ revoked?: number }> {
    await this.call({
      method: 'POST',
      path: `/users/${encodeURIComponent(user)}/revokeSignInSessions`,
      user,
      permission: 'User.RevokeSessions.All',
    });
    return {};
  }

  async forcePasswordReset(user: string): Promise<void> {
    await this.patch(
      user,
      { passwordProfile: { forceChangePasswordNextSignIn: true } },
      'User-PasswordProfile.ReadWrite.All',
    );
  }

  async disable(user: string): Promise<void> {
    await this.patch(user, { accountEnabled: false }, 'User.EnableDisableAccount.All');
  }

  async undo(action: ContainAction, prior: AccountState): Promise<string> {
    if (action === 'revoke-sessions')
      throw notRestorable(this.name, 'revoked sign-in sessions cannot be reissued; the user signs in again');
    if (action === 'disable') {
      if (prior.enabled === false) return `${prior.user} was disabled before riposte: left disabled`;
      await this.patch(prior.user, { accountEnabled: true }, 'User.EnableDisableAccount.All');
      return `re-enabled ${prior.user}`;
    }
    // The password itself was never changed, so clearing the flag restores the account exactly.
    const forced = prior.passwordStatus === 'FORCE_CHANGE_NEXT_SIGN_IN';
    await this.patch(
      prior.user,
      { passwordProfile: { forceChangePasswordNextSignIn: forced } },
      'User-PasswordProfile.ReadWrite.All',
    );
    return `${prior.user} no longer has to change the password at next sign-in`;
  }

  private patch(user: string, body: unknown, permission: string) {
    return this.call({ method: 'PATCH', path: `/users/${encodeURIComponent(user)}`, body, user, permission });
  }

  private async call<T>(r: Omit<Request, 'url' | 'headers'> & { path: string }): Promise<T> {
    const token = await this.token.get();
    return send<T>(this.name, describeGraphError, this.options, {
      ...r,
      url: `${this.options.graphUrl.replace(/\/$/, '')}${r.path}`,
      headers: { authorization: `Bearer ${token}` },
    });
  }
}

/** A client-credentials token for Microsoft Graph, fetched again shortly before it expires. */
export function entraToken(options: Omit<EntraOptions, 'graphUrl'>): CachedToken {
  return new CachedToken(async () => {
    const { clientId, clientSecret } = await options.secrets.get(options.secretId);
    const out = await send<{ access_token: string; expires_in: number }>(
      'entra',
      describeGraphError,
      options,
      {
        method: 'POST',
        url: `${options.loginUrl.replace(/\/$/, '')}/${encodeURIComponent(options.tenantId)}/oauth2/v2.0/token`,
        form: {
          client_id: clientId ?? '',
          client_secret: clientSecret ?? '',
          scope: 'https://graph.microsoft.com/.default',
          grant_type: 'client_credentials',
        },
        permission: 'a valid client secret for the app registration (check the secret in Secrets Manager)',
      },
    );
    return { value: out.access_token, expiresInSeconds: out.expires_in };
  }, options.now);
}
