import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { NamedError } from '../named-error.ts';
import type { SecretSource } from './port.ts';

/** Secrets Manager, cached per container for `ttlMs` so a burst of alerts costs one read per secret. */
export class SecretsManagerSource implements SecretSource {
  private readonly cache = new Map<string, { value: Record<string, string>; until: number }>();

  constructor(
    private readonly client: SecretsManagerClient,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = 5 * 60_000,
  ) {}

  async get(secretId: string): Promise<Record<string, string>> {
    const hit = this.cache.get(secretId);
    if (hit && hit.until > this.now()) return hit.value;
    let text: string | undefined;
    try {
      text = (await this.client.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString;
    } catch (error) {
      if ((error as Error).name === 'ResourceNotFoundException')
        throw new NamedError(
          'SecretNotFound',
          `secret ${secretId} does not exist: create it or fix the secretId in the configuration`,
        );
      throw error;
    }
    const value = parseSecret(secretId, text);
    this.cache.set(secretId, { value, until: this.now() + this.ttlMs });
    return value;
  }
}

/** A secret is a JSON object of strings; anything else is named, never echoed (it may be a credential). */
export function parseSecret(secretId: string, text: string | undefined): Record<string, string> {
  try {
    const value = JSON.parse(text ?? '') as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, string>;
  } catch {
    // fall through to the named error
  }
  throw new NamedError('InvalidSecret', `secret ${secretId} is not a JSON object of strings`);
}
