import { renameSync, writeFileSync } from 'node:fs';
import { NamedError } from '../named-error.ts';
import { readStateFile } from '../state-file.ts';
import { undoCognito } from './cognito-aws.ts';
import type { AccountState, ContainAction, IdentityProvider } from './port.ts';

export type LocalUserStatus = 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'RESET_REQUIRED';

export interface LocalUser {
  username: string;
  enabled: boolean;
  status: LocalUserStatus;
  /** Active refresh tokens; access tokens are not modelled (Cognito cannot revoke them either). */
  refreshTokens: number;
  /** When the last global sign-out happened (ISO). */
  tokensValidAfter?: string;
  groups?: string[];
  /** The standard attributes `email` and `locale` (OpenID Connect), where seeded. */
  email?: string;
  locale?: string;
  /** An MFA method is set up (AdminGetUser's UserMFASettingList is not empty). */
  mfa?: boolean;
}

export interface LocalUserPoolOptions {
  /** JSON file to load at start and save after each change, so state survives between CLI runs. */
  file?: string;
  now?: () => Date;
}

interface PoolFile {
  users: Record<string, LocalUser>;
}

/** A stand-in for a Cognito user pool with the same error names and state transitions. */
export class LocalUserPool implements IdentityProvider {
  readonly name = 'cognito' as const;
  readonly supports = ['revoke-sessions', 'force-password-reset', 'disable'] as const;
  private users = new Map<string, LocalUser>();
  private faults: { name: string; times: number }[] = [];
  private readonly file: string | undefined;
  private readonly now: () => Date;

  constructor(opts: LocalUserPoolOptions = {}) {
    this.file = opts.file;
    this.now = opts.now ?? (() => new Date());
    const data = this.file && readStateFile<PoolFile>(this.file, 'the local Cognito user pool', 'object');
    if (data) {
      for (const u of Object.values(data.users ?? {})) this.users.set(u.username, u);
    }
  }

  seed(username: string, opts: Partial<Omit<LocalUser, 'username'>> = {}): LocalUser {
    const user: LocalUser = { username, enabled: true, status: 'CONFIRMED', refreshTokens: 1, ...opts };
    this.users.set(username, user);
    this.save();
    return { ...user };
  }

  /** Copies of every user, in name order. */
  list(): LocalUser[] {
    return [...this.users.values()]
      .map((u) => ({ ...u }))
      .sort((a, b) => a.username.localeCompare(b.username));
  }

  /** A copy of the user, or undefined. */
  user(username: string): LocalUser | undefined {
    const u = this.users.get(username);
    return u && { ...u };
  }

  /** The next `times` provider calls throw an error with this name (e.g. TooManyRequestsException). */
  failNext(name: string, times = 1): void {
    this.faults.push({ name, times });
  }

  async getState(user: string): Promise<AccountState> {
    this.injectFault();
    const u = this.users.get(user);
    if (!u) return { user, provider: this.name, exists: false };
    return {
      user,
      provider: this.name,
      exists: true,
      enabled: u.enabled,
      passwordStatus: u.status,
      groups: [...(u.groups ?? [])],
      ...(u.email || u.locale ? { contact: { email: u.email, locale: u.locale } } : {}),
    };
  }

  async revokeSessions(user: string): Promise<{ revoked?: number }> {
    this.injectFault();
    // Like AdminUserGlobalSignOut, this works on disabled users too.
    const u = this.require(user);
    const revoked = u.refreshTokens;
    u.refreshTokens = 0;
    u.tokensValidAfter = this.now().toISOString();
    this.save();
    return { revoked };
  }

  async forcePasswordReset(user: string): Promise<void> {
    this.injectFault();
    const u = this.require(user);
    u.status = 'FORCE_CHANGE_PASSWORD';
    this.save();
  }

  /** The user signs in and answers the new-password challenge (RespondToAuthChallenge): CONFIRMED again. */
  completePasswordChange(username: string): void {
    this.require(username).status = 'CONFIRMED';
    this.save();
  }

  async disable(user: string): Promise<void> {
    this.injectFault();
    this.require(user).enabled = false;
    this.save();
  }

  async undo(action: ContainAction, prior: AccountState): Promise<string> {
    return undoCognito(action, prior, async () => {
      this.injectFault();
      this.require(prior.user).enabled = true;
      this.save();
    });
  }

  private require(username: string): LocalUser {
    const u = this.users.get(username);
    if (!u) throw new NamedError('UserNotFoundException', 'User does not exist.');
    return u;
  }

  private injectFault(): void {
    const fault = this.faults[0];
    if (!fault) return;
    if (--fault.times <= 0) this.faults.shift();
    throw new NamedError(fault.name, `Injected fault: ${fault.name}`);
  }

  private save(): void {
    if (!this.file) return;
    const data: PoolFile = { users: Object.fromEntries(this.users) };
    // Write then rename so a crash never leaves a half-written file.
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`);
    renameSync(tmp, this.file);
  }
}
