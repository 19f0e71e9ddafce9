import { randomBytes } from 'node:crypto';
import {
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { notRestorable } from './errors.ts';
import type { AccountState, ContainAction, IdentityProvider } from './port.ts';

const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const DIGIT = '23456789';
// A subset of Cognito's allowed symbols that needs no escaping anywhere.
const SYMBOL = '!@#%^*-_=+.?';
const ALL = UPPER + LOWER + DIGIT + SYMBOL;

/** Unbiased index in [0, n) from crypto.randomBytes (rejection sampling, n <= 256). */
function randomIndex(n: number): number {
  const limit = 256 - (256 % n);
  for (;;) {
    const byte = randomBytes(1)[0] as number;
    if (byte < limit) return byte % n;
  }
}

function pick(chars: string): string {
  return chars[randomIndex(chars.length)] as string;
}

/**
 * A temporary password meeting Cognito's default policy (upper, lower, digit, symbol) and well above
 * its minimum length. Nobody is meant to know it: recovery is an administrator's step after the incident.
 */
export function temporaryPassword(length = 20): string {
  const chars = [pick(UPPER), pick(LOWER), pick(DIGIT), pick(SYMBOL)];
  while (chars.length < length) chars.push(pick(ALL));
  // Fisher-Yates so the guaranteed classes are not always at the front.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomIndex(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}

export interface CognitoIdentityProviderOptions {
  client: CognitoIdentityProviderClient;
  userPoolId: string;
}

/** Cognito user pool accounts. SDK errors propagate unchanged: their `name` is already Cognito's. */
export class CognitoIdentityProvider implements IdentityProvider {
  readonly name = 'cognito' as const;
  readonly supports = ['revoke-sessions', 'force-password-reset', 'disable'] as const;
  private readonly client: CognitoIdentityProviderClient;
  private readonly userPoolId: string;

  constructor(opts: CognitoIdentityProviderOptions) {
    this.client = opts.client;
    this.userPoolId = opts.userPoolId;
  }

  async getState(user: string): Promise<AccountState> {
    try {
      const out = await this.client.send(
        new AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: user }),
      );
      const groups = await this.client.send(
        new AdminListGroupsForUserCommand({ UserPoolId: this.userPoolId, Username: user, Limit: 60 }),
      );
      return {
        user,
        provider: this.name,
        exists: true,
        enabled: out.Enabled,
        passwordStatus: out.UserStatus,
        groups: (groups.Groups ?? []).map((g) => g.GroupName ?? '').filter(Boolean),
        ...contactOf(out.UserAttributes ?? []),
      };
    } catch (err) {
      if ((err as Error).name === 'UserNotFoundException')
        return { user, provider: this.name, exists: false };
      throw err;
    }
  }

  async revokeSessions(user: string): Promise<{ revoked?: number }> {
    // Revokes refresh tokens only; access and ID tokens already issued stay valid until they expire
    // (up to the pool's access token validity, 1 hour by default). Cognito does not say how many.
    await this.client.send(
      new AdminUserGlobalSignOutCommand({ UserPoolId: this.userPoolId, Username: user }),
    );
    return {};
  }

  async forcePasswordReset(user: string): Promise<void> {
    // Permanent: false puts the user in FORCE_CHANGE_PASSWORD. The password is never logged or returned.
    await this.client.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: this.userPoolId,
        Username: user,
        Password: temporaryPassword(),
        Permanent: false,
      }),
    );
  }

  async disable(user: string): Promise<void> {
    // Unlike sign-out, this also invalidates the access and ID tokens already issued.
    await this.client.send(new AdminDisableUserCommand({ UserPoolId: this.userPoolId, Username: user }));
  }

  async undo(action: ContainAction, prior: AccountState): Promise<string> {
    return undoCognito(action, prior, () =>
      this.client.send(new AdminEnableUserCommand({ UserPoolId: this.userPoolId, Username: prior.user })),
    );
  }
}

/** Cognito's undo, shared with the local pool: only a disable can be taken back. */
export async function undoCognito(
  action: ContainAction,
  prior: AccountState,
  enable: () => Promise<unknown>,
): Promise<string> {
  if (action === 'disable') {
    if (prior.enabled === false) return `${prior.user} was already disabled before riposte: left disabled`;
    await enable();
    return `re-enabled ${prior.user}`;
  }
  throw notRestorable(
    'cognito',
    action === 'revoke-sessions'
      ? 'revoked refresh tokens cannot be reissued; the user signs in again'
      : 'the replaced password cannot be restored; the user sets a new one at next sign-in (or an administrator runs AdminSetUserPassword)',
  );
}

/** The standard attributes `email` and `locale` (OpenID Connect), for user notices. */
function contactOf(attributes: { Name?: string; Value?: string }[]): Pick<AccountState, 'contact'> {
  const get = (name: string) => attributes.find((a) => a.Name === name)?.Value;
  const email = get('email');
  const locale = get('locale');
  return email || locale ? { contact: { email, locale } } : {};
}
