import type { RiposteConfig } from '../../core/config.ts';
import type { SecretSource } from '../secrets/port.ts';
import { Auth0Provider } from './auth0.ts';
import { EntraProvider } from './entra.ts';
import { OktaProvider } from './okta.ts';
import type { IdentityProvider } from './port.ts';

/** What differs between AWS and the local runtime; the HTTP providers are the same code in both. */
export interface IdentityPlatform {
  cognito: () => IdentityProvider;
  appSessions: () => IdentityProvider;
  iam: () => IdentityProvider;
  secrets: SecretSource;
  sleep: (ms: number) => Promise<void>;
  now: () => Date;
}

/** The configured providers, in configuration order. Missing settings are refused by the config schema. */
export function identityProvidersFor(
  identity: RiposteConfig['identity'],
  platform: IdentityPlatform,
): IdentityProvider[] {
  const http = { secrets: platform.secrets, sleep: platform.sleep, now: () => platform.now().getTime() };
  return identity.providers.map((name): IdentityProvider => {
    switch (name) {
      case 'cognito':
        return platform.cognito();
      case 'app-sessions':
        return platform.appSessions();
      case 'iam':
        return platform.iam();
      case 'okta':
        return new OktaProvider({ ...http, ...required(identity.okta, name) });
      case 'entra':
        return new EntraProvider({ ...http, ...required(identity.entra, name) });
      default:
        return new Auth0Provider({ ...http, ...required(identity.auth0, name) });
    }
  });
}

function required<T>(settings: T | undefined, name: string): T {
  if (!settings) throw new Error(`identity.${name} must be configured to contain accounts in ${name}`);
  return settings;
}
