import type { ContainAction } from '../../core/containment.ts';
import type { IdentityProviderName } from '../../core/identity-config.ts';

export type { ContainAction };
export type ProviderName = IdentityProviderName;

export interface AccountState {
  user: string;
  provider: ProviderName;
  exists: boolean;
  enabled?: boolean;
  /** Provider's password status, e.g. CONFIRMED or FORCE_CHANGE_PASSWORD for Cognito. */
  passwordStatus?: string;
  /** Active sessions the provider can count (app-managed sessions); undefined when it cannot tell. */
  activeSessions?: number;
  /** Group names, for the VIP rule; undefined when the provider has none. */
  groups?: string[];
  /** Actions possible for this account when fewer than the provider's (an IAM role has no password). */
  supports?: readonly ContainAction[];
  /** Where the account's owner is told (user notices), where the provider keeps it. */
  contact?: { email?: string; locale?: string };
  /** Facts only this provider's undo needs (e.g. IAM access keys and their status). */
  restore?: Record<string, unknown>;
}

/**
 * One identity provider where accounts live. Methods throw NamedErrors: `UnknownUser` (or the provider's
 * own not-found name) for an unknown user, `NotSupported` for an action the provider lacks,
 * `ProviderUnavailable` when it cannot be reached, `PermissionDenied` naming the permission to grant.
 */
export interface IdentityProvider {
  readonly name: ProviderName;
  /** The actions this provider can take; others are skipped for it. */
  readonly supports: readonly ContainAction[];
  getState(user: string): Promise<AccountState>;
  /** Revoke the user's sessions/refresh tokens. Returns how many were revoked where known. */
  revokeSessions(user: string): Promise<{ revoked?: number }>;
  /** Require a new password at next sign-in. */
  forcePasswordReset(user: string): Promise<void>;
  /** Stop the account from signing in at all. */
  disable(user: string): Promise<void>;
  /**
   * Undo one action, back to `prior` (the state recorded before it). Returns what it did in words;
   * throws NotRestorable when the provider cannot put it back (a revoked token, a replaced password).
   */
  undo(action: ContainAction, prior: AccountState): Promise<string>;
}
