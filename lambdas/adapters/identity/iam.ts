import {
  DeleteLoginProfileCommand,
  DeleteRolePolicyCommand,
  DeleteUserPolicyCommand,
  GetLoginProfileCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  type IAMClient,
  ListAccessKeysCommand,
  ListGroupsForUserCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
  UpdateLoginProfileCommand,
} from '@aws-sdk/client-iam';
import type { ContainAction } from '../../core/containment.ts';
import { temporaryPassword } from './cognito-aws.ts';
import { notRestorable, notSupported, unknownUser } from './errors.ts';
import type { AccountState, IdentityProvider } from './port.ts';

/** The inline policy that ends every session issued before containment (AWS's "revoke active sessions"). */
export const REVOKE_POLICY = 'riposte-revoke-older-sessions';

export interface IamOptions {
  client: IAMClient;
  /** Account name → IAM role name. */
  roles: Record<string, string>;
  /** Account name → IAM user name. */
  users: Record<string, string>;
  now: () => Date;
}

type Principal = { kind: 'role' | 'user'; name: string };

interface IamRestore {
  kind: 'role' | 'user';
  name: string;
  /** Whether riposte's deny policy was already attached (then undo leaves it). */
  hadRevokePolicy: boolean;
  hadConsolePassword?: boolean;
  accessKeys?: { id: string; status: string }[];
}

/**
 * IAM principals mapped from account names. Roles: sessions are revoked with an inline deny-all policy
 * conditioned on aws:TokenIssueTime. Users: the same policy for their session tokens, a replaced console
 * password for a forced reset, and deleted console password plus deactivated access keys for a disable.
 */
export class IamProvider implements IdentityProvider {
  readonly name = 'iam' as const;
  readonly supports = ['revoke-sessions', 'force-password-reset', 'disable'] as const;

  constructor(private readonly options: IamOptions) {}

  async getState(user: string): Promise<AccountState> {
    const p = this.principal(user);
    if (!p) return { user, provider: this.name, exists: false };
    const { client } = this.options;
    if (p.kind === 'role') {
      if (!(await exists(() => client.send(new GetRoleCommand({ RoleName: p.name })))))
        throw unknownUser('iam', `role ${p.name}`);
      const restore: IamRestore = { ...p, hadRevokePolicy: await this.hasRevokePolicy(p) };
      return {
        user,
        provider: this.name,
        exists: true,
        enabled: true,
        supports: ['revoke-sessions'],
        restore: { ...restore },
      };
    }
    if (!(await exists(() => client.send(new GetUserCommand({ UserName: p.name })))))
      throw unknownUser('iam', `user ${p.name}`);
    const hadConsolePassword = await exists(() =>
      client.send(new GetLoginProfileCommand({ UserName: p.name })),
    );
    const keys = await client.send(new ListAccessKeysCommand({ UserName: p.name }));
    const groups = await client.send(new ListGroupsForUserCommand({ UserName: p.name }));
    const accessKeys = (keys.AccessKeyMetadata ?? []).map((k) => ({
      id: k.AccessKeyId ?? '',
      status: k.Status ?? '',
    }));
    const restore: IamRestore = {
      ...p,
      hadRevokePolicy: await this.hasRevokePolicy(p),
      hadConsolePassword,
      accessKeys,
    };
    return {
      user,
      provider: this.name,
      exists: true,
      enabled: hadConsolePassword || accessKeys.some((k) => k.status === 'Active'),
      passwordStatus: hadConsolePassword ? 'CONSOLE_PASSWORD' : 'NO_CONSOLE_PASSWORD',
      groups: (groups.Groups ?? []).map((g) => g.GroupName ?? '').filter(Boolean),
      restore: { ...restore },
    };
  }

  async revokeSessions(user: string): Promise<{ revoked?: number }> {
    const p = this.require(user);
    const PolicyDocument = revokePolicy(this.options.now());
    if (p.kind === 'role')
      await this.options.client.send(
        new PutRolePolicyCommand({ RoleName: p.name, PolicyName: REVOKE_POLICY, PolicyDocument }),
      );
    else
      await this.options.client.send(
        new PutUserPolicyCommand({ UserName: p.name, PolicyName: REVOKE_POLICY, PolicyDocument }),
      );
    return {};
  }

  async forcePasswordReset(user: string): Promise<void> {
    const p = this.require(user);
    if (p.kind === 'role') throw notSupported('iam', `reset a password of role ${p.name}`);
    await this.options.client.send(
      new UpdateLoginProfileCommand({
        UserName: p.name,
        Password: temporaryPassword(24),
        PasswordResetRequired: true,
      }),
    );
  }

  async disable(user: string): Promise<void> {
    const p = this.require(user);
    if (p.kind === 'role') throw notSupported('iam', `disable role ${p.name}; revoke its sessions instead`);
    const { client } = this.options;
    await exists(() => client.send(new DeleteLoginProfileCommand({ UserName: p.name })));
    const keys = await client.send(new ListAccessKeysCommand({ UserName: p.name }));
    for (const k of keys.AccessKeyMetadata ?? []) {
      if (k.Status === 'Active')
        await client.send(
          new UpdateAccessKeyCommand({ UserName: p.name, AccessKeyId: k.AccessKeyId, Status: 'Inactive' }),
        );
    }
  }

  async undo(action: ContainAction, prior: AccountState): Promise<string> {
    const r = prior.restore as unknown as IamRestore;
    const { client } = this.options;
    if (action === 'revoke-sessions') {
      if (r.hadRevokePolicy) return `${r.kind} ${r.name} had ${REVOKE_POLICY} before riposte: left attached`;
      if (r.kind === 'role')
        await client.send(new DeleteRolePolicyCommand({ RoleName: r.name, PolicyName: REVOKE_POLICY }));
      else await client.send(new DeleteUserPolicyCommand({ UserName: r.name, PolicyName: REVOKE_POLICY }));
      return `removed ${REVOKE_POLICY} from ${r.kind} ${r.name}`;
    }
    if (action === 'force-password-reset')
      throw notRestorable(
        'iam',
        `the console password of ${r.name} was replaced; its owner resets it at next sign-in`,
      );
    const reactivated = (r.accessKeys ?? []).filter((k) => k.status === 'Active');
    for (const k of reactivated)
      await client.send(
        new UpdateAccessKeyCommand({ UserName: r.name, AccessKeyId: k.id, Status: 'Active' }),
      );
    const console = r.hadConsolePassword
      ? `; the deleted console password cannot be restored: create a new one with aws iam create-login-profile --user-name ${r.name} --password-reset-required`
      : '';
    return `reactivated ${reactivated.length} access key(s) of ${r.name}${console}`;
  }

  private principal(user: string): Principal | undefined {
    const role = this.options.roles[user];
    if (role) return { kind: 'role', name: role };
    const name = this.options.users[user];
    return name ? { kind: 'user', name } : undefined;
  }

  private require(user: string): Principal {
    const p = this.principal(user);
    if (!p) throw unknownUser('iam', user);
    return p;
  }

  private async hasRevokePolicy(p: Principal): Promise<boolean> {
    return exists(() =>
      p.kind === 'role'
        ? this.options.client.send(new GetRolePolicyCommand({ RoleName: p.name, PolicyName: REVOKE_POLICY }))
        : this.options.client.send(new GetUserPolicyCommand({ UserName: p.name, PolicyName: REVOKE_POLICY })),
    );
  }
}

/** Deny everything to sessions issued before `at`: the documented way to revoke a role's active sessions. */
export function revokePolicy(at: Date): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { DateLessThan: { 'aws:TokenIssueTime': at.toISOString() } },
      },
    ],
  });
}

/** Run a read or delete; false when IAM says NoSuchEntity. */
async function exists(call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (error) {
    if ((error as Error).name === 'NoSuchEntityException' || (error as Error).name === 'NoSuchEntity')
      return false;
    throw error;
  }
}
