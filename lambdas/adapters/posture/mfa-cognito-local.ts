import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { RiskConfigurationType } from '@aws-sdk/client-cognito-identity-provider';
import type { LocalUserPool } from '../identity/cognito-local.ts';
import type { CognitoMfaApi } from './mfa-cognito.ts';

/**
 * Cognito's risk configuration, locally: kept per pool and app client in a file; an app client without its
 * own configuration answers the pool's, as DescribeRiskConfiguration does. Users come from the local pool.
 */
export class LocalCognitoMfaApi implements CognitoMfaApi {
  private configs: Record<string, RiskConfigurationType>;

  constructor(
    private readonly pool: LocalUserPool,
    private readonly file?: string,
  ) {
    this.configs = file && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  }

  async describeRisk(clientId?: string): Promise<RiskConfigurationType> {
    const own = clientId ? this.configs[`client:${clientId}`] : undefined;
    return structuredClone(own ?? this.configs.pool ?? {});
  }

  async setRisk(clientId: string | undefined, config: RiskConfigurationType): Promise<void> {
    this.configs[clientId ? `client:${clientId}` : 'pool'] = structuredClone(config);
    if (!this.file) return;
    writeFileSync(`${this.file}.tmp`, JSON.stringify(this.configs));
    renameSync(`${this.file}.tmp`, this.file);
  }

  async users(adminGroups: readonly string[]) {
    return this.pool.list().map((u) => ({
      username: u.username,
      mfa: u.mfa === true,
      admin: (u.groups ?? []).some((g) => adminGroups.includes(g)),
    }));
  }
}
