import type { SecretSource } from '../secrets/port.ts';
import { notRestorable } from './errors.ts';
import { type HttpProviderOptions, type Request, send } from './http.ts';
import type { AccountState, ContainAction, IdentityProvider } from './port.ts';

export interface OktaOptions extends HttpProviderOptions {
  baseUrl: string;
  secretId: string;
  secrets: SecretSource;
}

interface OktaUser {
  id: string;
  status: string;
  profile?: { login?: string };
}

/** Okta's error body: {errorCode, errorSummary, …}. */
export const describeOktaError = (body: unknown) => {
  const b = body as { errorCode?: string; errorSummary?: string } | undefined;
  return b?.errorCode ? `${b.errorCode}: ${b.errorSummary ?? ''}` : String(body ?? '');
};

const MANAGE = 'an admin role that can manage users (okta.users.manage)';

/** Okta org accounts over the Users API, with an SSWS API token from Secrets Manager ({"apiToken"}). */
export class OktaProvider implements IdentityProvider {
  readonly name = 'okta' as const;
  readonly supports = ['revoke-sessions', 'force-password-reset', 'disable'] as const;

  constructor(private readonly options: OktaOptions) {}

  async getState(user: string): Promise<AccountState> {
    const found = await this.find(user);
    if (!found) return { user, provider: this.name, exists: false };
    const groups = await this.call<{ profile?: { name?: string } }[]>({
      method: 'GET',
      path: `/api/v1/users/${found.id}/groups`,
      user,
      permission: 'okta.groups.read',
    });
    return {
      user,
      provider: this.name,
      exists: true,
      // SUSPENDED, LOCKED_OUT and DEPROVISIONED accounts cannot sign in.
      enabled: !['SUSPENDED', 'DEPROVISIONED', 'LOCKED_OUT'].includes(found.status),
      passwordStatus: found.status,
      groups: groups.map((g) => g.profile?.name ?? '').filter(Boolean),
      restore: { id: found.id },
    };
  }

  async revokeSessions(user: string): Promise<{ revoked?: number }> {
    const id = await this.id(user);
    // oauthTokens=true also revokes the refresh and access tokens Okta issued (it defaults to false).
    await this.call({
      method: 'DELETE',
      path: `/api/v1/users/${id}/sessions?oauthTokens=true`,
      user,
      permission: MANAGE,
    });
    return {};
  }

  async forcePasswordReset(user: string): Promise<void> {
    const id = await this.id(user);
    await this.call({
      method: 'POST',
      path: `/api/v1/users/${id}/lifecycle/expire_password`,
      user,
      permission: MANAGE,
    });
  }

  async disable(user: string): Promise<void> {
    const id = await this.id(user);
    await this.call({
      method: 'POST',
      path: `/api/v1/users/${id}/lifecycle/suspend`,
      user,
      permission: MANAGE,
    });
  }

  async undo(action: ContainAction, prior: AccountState): Promise<string> {
    if (action !== 'disable')
      throw notRestorable(
        this.name,
        action === 'revoke-sessions'
          ? 'ended sessions and revoked tokens cannot be reissued; the user signs in again'
          : 'an expired password cannot be un-expired; the user chooses a new one at next sign-in',
      );
    if (prior.enabled === false) return `${prior.user} was not active before riposte: left as it is`;
    const id = await this.id(prior.user);
    await this.call({
      method: 'POST',
      path: `/api/v1/users/${id}/lifecycle/unsuspend`,
      user: prior.user,
      permission: MANAGE,
    });
    return `unsuspended ${prior.user}`;
  }

  private async find(user: string): Promise<OktaUser | undefined> {
    try {
      return await this.call<OktaUser>({
        method: 'GET',
        path: `/api/v1/users/${encodeURIComponent(user)}`,
        user,
        permission: 'okta.users.read',
      });
    } catch (error) {
      if ((error as Error).name === 'UnknownUser') return undefined;
      throw error;
    }
  }

  private async id(user: string): Promise<string> {
    return (
      await this.call<OktaUser>({
        method: 'GET',
        path: `/api/v1/users/${encodeURIComponent(user)}`,
        user,
        permission: 'okta.users.read',
      })
    ).id;
  }

  private async call<T>(r: Omit<Request, 'url' | 'headers'> & { path: string }): Promise<T> {
    const { apiToken } = await this.options.secrets.get(this.options.secretId);
    return send<T>(this.name, describeOktaError, this.options, {
      ...r,
      url: `${this.options.baseUrl.replace(/\/$/, '')}${r.path}`,
      headers: { authorization: `SSWS ${apiToken}` },
    });
  }
}
