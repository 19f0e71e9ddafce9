/** Credentials of outside providers, read at run time, never from code, configuration or logs. */
export interface SecretSource {
  /** The secret's JSON fields; throws SecretNotFound naming the secret when it does not exist. */
  get(secretId: string): Promise<Record<string, string>>;
}
