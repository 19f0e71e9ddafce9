import { renameSync, writeFileSync } from 'node:fs';
import type { ContainAction } from '../../core/containment.ts';
import { readStateFile } from '../state-file.ts';
import { notRestorable, notSupported, unknownUser } from './errors.ts';
import { REVOKE_POLICY } from './iam.ts';
import type { AccountState, IdentityProvider } from './port.ts';

/** One IAM principal as the local stand-in keeps it. */
export interface LocalPrincipal {
  kind: 'role' | 'user';
  name: string;
  /** When riposte's deny-older-sessions policy was attached (ISO), if it is. */
  revokedBefore?: string;
  consolePassword: boolean;
  passwordResetRequired: boolean;
  accessKeys: { id: string; status: 'Active' | 'Inactive' }[];
  groups: string[];
}

export interface LocalIamOptions {
  roles: Record<string, string>;
  users: Record<string, string>;
  /** JSON file to load at start and save after each change, so state survives between CLI runs. */
  file?: string;
  now: () => Date;
}

/**
 * A stand-in for IAM with the IamProvider's semantics: every mapped principal exists (a user with a console
 * password and one active access key unless seeded otherwise); undo restores what IAM can restore.
 */
export class LocalIam implements IdentityProvider {
  readonly name = 'iam' as const;
  readonly supports = ['revoke-sessions', 'force-password-reset', 'disable'] as const;
  private readonly principals = new Map<string, LocalPrincipal>();

  constructor(private readonly options: LocalIamOptions) {
    const saved =
      (options.file &&
        readStateFile<Record<string, LocalPrincipal>>(options.file, 'the local IAM principals', 'object')) ||
      {};
    for (const [kind, map] of [
      ['role', options.roles],
      ['user', options.users],
    ] as const) {
      for (const name of Object.values(map)) {
        this.principals.set(
          `${kind}/${name}`,
          saved[`${kind}/${name}`] ?? {
            kind,
            name,
            consolePassword: kind === 'user',
            passwordResetRequired: false,
            accessKeys: kind === 'user' ? [{ id: `AKIALOCAL${name.toUpperCase()}`, status: 'Active' }] : [],
            groups: [],
          },
        );
      }
    }
  }

  /** A copy of the principal behind an account name, or undefined when the account maps to none. */
  principal(user: string): LocalPrincipal | undefined {
    const p = this.find(user);
    return p && structuredClone(p);
  }

  async getState(user: string): Promise<AccountState> {
    const p = this.find(user);
    if (!p) return { user, provider: this.name, exists: false };
    const restore = {
      kind: p.kind,
      name: p.name,
      hadRevokePolicy: p.revokedBefore !== undefined,
      hadConsolePassword: p.consolePassword,
      accessKeys: p.accessKeys.map((k) => ({ ...k })),
    };
    if (p.kind === 'role')
      return {
        user,
        provider: this.name,
        exists: true,
        enabled: true,
        supports: ['revoke-sessions'],
        restore,
      };
    return {
      user,
      provider: this.name,
      exists: true,
      enabled: p.consolePassword || p.accessKeys.some((k) => k.status === 'Active'),
      passwordStatus: p.consolePassword ? 'CONSOLE_PASSWORD' : 'NO_CONSOLE_PASSWORD',
      groups: [...p.groups],
      restore,
    };
  }

  async revokeSessions(user: string): Promise<{ revoked?: number }> {
    this.change(user, (p) => {
      p.revokedBefore = this.options.now().toISOString();
    });
    return {};
  }

  async forcePasswordReset(user: string): Promise<void> {
    this.change(user, (p) => {
      if (p.kind === 'role') throw notSupported('iam', `reset a password of role ${p.name}`);
      p.passwordResetRequired = true;
    });
  }

  async disable(user: string): Promise<void> {
    this.change(user, (p) => {
      if (p.kind === 'role') throw notSupported('iam', `disable role ${p.name}; revoke its sessions instead`);
      p.consolePassword = false;
      for (const k of p.accessKeys) k.status = 'Inactive';
    });
  }

  async undo(action: ContainAction, prior: AccountState): Promise<string> {
    const r = prior.restore as { hadRevokePolicy: boolean; accessKeys: { id: string; status: string }[] };
    if (action === 'force-password-reset')
      throw notRestorable(
        'iam',
        `the console password of ${prior.user} was replaced; its owner resets it at next sign-in`,
      );
    let said = '';
    this.change(prior.user, (p) => {
      if (action === 'revoke-sessions') {
        if (!r.hadRevokePolicy) p.revokedBefore = undefined;
        said = r.hadRevokePolicy
          ? `${REVOKE_POLICY} was there before riposte: left attached`
          : `removed ${REVOKE_POLICY}`;
        return;
      }
      const active = new Set(r.accessKeys.filter((k) => k.status === 'Active').map((k) => k.id));
      for (const k of p.accessKeys) if (active.has(k.id)) k.status = 'Active';
      said = `reactivated ${active.size} access key(s); a deleted console password cannot be restored`;
    });
    return said;
  }

  private find(user: string): LocalPrincipal | undefined {
    const role = this.options.roles[user];
    if (role) return this.principals.get(`role/${role}`);
    const name = this.options.users[user];
    return name ? this.principals.get(`user/${name}`) : undefined;
  }

  private change(user: string, apply: (p: LocalPrincipal) => void): void {
    const p = this.find(user);
    if (!p) throw unknownUser('iam', user);
    apply(p);
    if (!this.options.file) return;
    const tmp = `${this.options.file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(Object.fromEntries(this.principals), null, 2)}\n`);
    renameSync(tmp, this.options.file);
  }
}
