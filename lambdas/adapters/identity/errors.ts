import { NamedError } from '../named-error.ts';

/** The error names every identity adapter uses, so the incident reads the same whatever the provider. */
export const unknownUser = (provider: string, user: string) =>
  new NamedError('UnknownUser', `${user} has no account in ${provider}`);

export const notSupported = (provider: string, what: string) =>
  new NamedError('NotSupported', `${provider} cannot ${what}`);

export const notRestorable = (provider: string, what: string) =>
  new NamedError('NotRestorable', `${provider}: ${what}`);

export const permissionDenied = (provider: string, permission: string, detail: string) =>
  new NamedError(
    'PermissionDenied',
    `${provider} refused (${detail}): grant riposte's credentials ${permission} and run again`,
  );

export const providerUnavailable = (provider: string, detail: string) =>
  new NamedError('ProviderUnavailable', `${provider} is unavailable: ${detail}`);
