export type ProviderName = 'cognito' | 'app-sessions';

export interface AccountState {
  user: string;
  provider: ProviderName;
  exists: boolean;
  enabled?: boolean;
  /** Provider's password status, e.g. CONFIRMED or FORCE_CHANGE_PASSWORD for Cognito. */
  passwordStatus?: string;
  /** Active sessions the provider can count (app-managed sessions); undefined when it cannot tell. */
  activeSessions?: number;
}

/**
 * One identity provider where accounts live. Methods throw errors with the provider's names
 * (`UserNotFoundException` for an unknown user, `NotSupported` for an action the provider lacks).
 */
export interface IdentityProvider {
  readonly name: ProviderName;
  /** Whether forcePasswordReset is meaningful for this provider. */
  readonly canResetPasswords: boolean;
  getState(user: string): Promise<AccountState>;
  /** Revoke the user's sessions/refresh tokens. Returns how many were revoked where known. */
  revokeSessions(user: string): Promise<{ revoked?: number }>;
  /** Require a new password at next sign-in. */
  forcePasswordReset(user: string): Promise<void>;
}
