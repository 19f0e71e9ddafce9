import { NamedError } from '../named-error.ts';
import { readStateFile } from '../state-file.ts';
import type { SecretSource } from './port.ts';

/** Secrets for the local runtime: a JSON file {secretId: {field: value}} in the state folder, or given in memory. */
export class LocalSecrets implements SecretSource {
  constructor(private readonly source: string | Record<string, Record<string, string>>) {}

  async get(secretId: string): Promise<Record<string, string>> {
    const all =
      typeof this.source === 'string'
        ? (readStateFile<Record<string, Record<string, string>>>(
            this.source,
            'the local secrets',
            'object',
          ) ?? {})
        : this.source;
    const value = all[secretId];
    if (!value) throw new NamedError('SecretNotFound', `secret ${secretId} is not in the local secrets`);
    return value;
  }
}
