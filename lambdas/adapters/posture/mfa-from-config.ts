import type { RiposteConfig } from '../../core/config.ts';
import type { ParameterStore } from '../parameters/port.ts';
import type { SecretSource } from '../secrets/port.ts';
import type { MfaEnforcer } from './mfa.ts';
import { type CognitoMfaApi, CognitoMfaEnforcer } from './mfa-cognito.ts';
import { EntraMfaEnforcer } from './mfa-entra.ts';
import { OktaMfaEnforcer } from './mfa-okta.ts';

export interface MfaPlatform {
  /** Cognito's API: the SDK on AWS, the local stand-in locally. */
  cognito: () => CognitoMfaApi;
  parameters: ParameterStore;
  secrets: SecretSource;
  sleep: (ms: number) => Promise<void>;
  now: () => Date;
}

/** The MFA policies posture.requireMfa names, administrators first within each provider. */
export function mfaEnforcersFor(config: RiposteConfig, platform: MfaPlatform): MfaEnforcer[] {
  const { requireMfa } = config.posture;
  const { identity } = config;
  const http = { secrets: platform.secrets, sleep: platform.sleep, now: () => platform.now().getTime() };
  const out: MfaEnforcer[] = [];
  if (requireMfa.cognito)
    out.push(
      new CognitoMfaEnforcer({
        api: platform.cognito(),
        parameters: platform.parameters,
        riskLevels: requireMfa.cognito.riskLevels,
        adminClientId: requireMfa.cognito.adminClientId,
        adminGroups: identity.vipGroups,
      }),
    );
  if (requireMfa.entra) {
    if (!identity.entra) throw new Error('posture.requireMfa.entra needs identity.entra (tenant, secret)');
    out.push(
      new EntraMfaEnforcer({
        ...http,
        ...identity.entra,
        ...requireMfa.entra,
        parameters: platform.parameters,
      }),
    );
  }
  if (requireMfa.okta) {
    if (!identity.okta) throw new Error('posture.requireMfa.okta needs identity.okta (org, secret)');
    out.push(
      new OktaMfaEnforcer({ ...http, ...identity.okta, ...requireMfa.okta, parameters: platform.parameters }),
    );
  }
  return out;
}
