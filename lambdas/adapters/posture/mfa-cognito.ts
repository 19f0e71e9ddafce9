import {
  AdminGetUserCommand,
  type CognitoIdentityProviderClient,
  DescribeRiskConfigurationCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
  type RiskConfigurationType,
  SetRiskConfigurationCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { MfaMode } from '../../core/posture.ts';
import type { ParameterStore } from '../parameters/port.ts';
import { type MfaEnforcer, PriorStash } from './mfa.ts';

type Level = 'LOW' | 'MEDIUM' | 'HIGH';
const ACTION_KEY = { LOW: 'LowAction', MEDIUM: 'MediumAction', HIGH: 'HighAction' } as const;

/** What the enforcer needs of Cognito: risk configuration per pool or app client, and users' MFA settings. */
export interface CognitoMfaApi {
  describeRisk(clientId?: string): Promise<RiskConfigurationType>;
  setRisk(clientId: string | undefined, config: RiskConfigurationType): Promise<void>;
  /** Every user and whether an MFA method is set up; admins: members of the given groups. */
  users(adminGroups: readonly string[]): Promise<{ username: string; mfa: boolean; admin: boolean }[]>;
}

export interface CognitoMfaOptions {
  api: CognitoMfaApi;
  parameters: ParameterStore;
  riskLevels: readonly Level[];
  /** The app client administrators sign in through; without it, `admins` is applied pool-wide. */
  adminClientId?: string;
  adminGroups: readonly string[];
}

/**
 * Cognito threat protection: account-takeover actions at the configured risk levels set to MFA_REQUIRED,
 * on the administrators' app client first, then pool-wide; the prior actions are kept and put back.
 */
export class CognitoMfaEnforcer implements MfaEnforcer {
  readonly provider = 'cognito' as const;
  private readonly stash: PriorStash;

  constructor(private readonly options: CognitoMfaOptions) {
    this.stash = new PriorStash(options.parameters, 'cognito');
  }

  async read(): Promise<MfaMode> {
    if (this.requires(await this.options.api.describeRisk())) return 'all';
    const admins = this.options.adminClientId;
    return admins && this.requires(await this.options.api.describeRisk(admins)) ? 'admins' : 'off';
  }

  async apply(mode: MfaMode): Promise<void> {
    const admins = this.options.adminClientId;
    if (admins) await this.set(admins, mode !== 'off');
    await this.set(undefined, mode === 'all' || (mode === 'admins' && !admins));
  }

  async enrollment() {
    const users = await this.options.api.users(this.options.adminGroups);
    const admins = users.filter((u) => u.admin);
    return {
      provider: this.provider,
      users: users.length,
      enrolled: users.filter((u) => u.mfa).length,
      admins: admins.length,
      adminsEnrolled: admins.filter((u) => u.mfa).length,
    };
  }

  private requires(config: RiskConfigurationType): boolean {
    const actions = config.AccountTakeoverRiskConfiguration?.Actions;
    return this.options.riskLevels.every((l) => actions?.[ACTION_KEY[l]]?.EventAction === 'MFA_REQUIRED');
  }

  private async set(clientId: string | undefined, on: boolean): Promise<void> {
    const target = clientId ?? 'pool';
    const current = await this.options.api.describeRisk(clientId);
    const takeover = current.AccountTakeoverRiskConfiguration;
    if (on) {
      if (this.requires(current)) return;
      await this.stash.remember(target, takeover ?? null);
      const actions = { ...(takeover?.Actions ?? {}) };
      for (const level of this.options.riskLevels) {
        const key = ACTION_KEY[level];
        actions[key] = { Notify: actions[key]?.Notify ?? false, EventAction: 'MFA_REQUIRED' };
      }
      await this.options.api.setRisk(clientId, {
        ...current,
        AccountTakeoverRiskConfiguration: { ...takeover, Actions: actions },
      });
      return;
    }
    const held = await this.stash.take(target);
    if (!held) return;
    const prior = held.prior as RiskConfigurationType['AccountTakeoverRiskConfiguration'] | null;
    const { AccountTakeoverRiskConfiguration: _now, ...rest } = current;
    await this.options.api.setRisk(clientId, {
      ...rest,
      ...(prior ? { AccountTakeoverRiskConfiguration: prior } : {}),
    });
  }
}

/** The Cognito API over the SDK. */
export class AwsCognitoMfaApi implements CognitoMfaApi {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
  ) {}

  async describeRisk(clientId?: string): Promise<RiskConfigurationType> {
    const out = await this.client.send(
      new DescribeRiskConfigurationCommand({
        UserPoolId: this.userPoolId,
        ...(clientId ? { ClientId: clientId } : {}),
      }),
    );
    return out.RiskConfiguration ?? {};
  }

  async setRisk(clientId: string | undefined, config: RiskConfigurationType): Promise<void> {
    await this.client.send(
      new SetRiskConfigurationCommand({
        UserPoolId: this.userPoolId,
        ...(clientId ? { ClientId: clientId } : {}),
        CompromisedCredentialsRiskConfiguration: config.CompromisedCredentialsRiskConfiguration,
        AccountTakeoverRiskConfiguration: config.AccountTakeoverRiskConfiguration,
        RiskExceptionConfiguration: config.RiskExceptionConfiguration,
      }),
    );
  }

  async users(adminGroups: readonly string[]) {
    const names: string[] = [];
    let PaginationToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListUsersCommand({ UserPoolId: this.userPoolId, Limit: 60, PaginationToken }),
      );
      names.push(...(page.Users ?? []).map((u) => String(u.Username)));
      PaginationToken = page.PaginationToken;
    } while (PaginationToken);
    const admins = new Set<string>();
    for (const GroupName of adminGroups) {
      let NextToken: string | undefined;
      do {
        try {
          const page = await this.client.send(
            new ListUsersInGroupCommand({ UserPoolId: this.userPoolId, GroupName, Limit: 60, NextToken }),
          );
          for (const u of page.Users ?? []) admins.add(String(u.Username));
          NextToken = page.NextToken;
        } catch (error) {
          // A VIP group the pool does not have has no members.
          if ((error as Error).name !== 'ResourceNotFoundException') throw error;
          NextToken = undefined;
        }
      } while (NextToken);
    }
    const out = [];
    for (const username of names) {
      const user = await this.client.send(
        new AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: username }),
      );
      out.push({ username, mfa: (user.UserMFASettingList ?? []).length > 0, admin: admins.has(username) });
    }
    return out;
  }
}
