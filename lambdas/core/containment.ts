import type { IdentityProviderName } from './identity-config.ts';

/** What containment can do to an account. */
export const CONTAIN_ACTIONS = ['revoke-sessions', 'force-password-reset', 'disable'] as const;
export type ContainAction = (typeof CONTAIN_ACTIONS)[number];

/** Actions that also invalidate tokens already issued, per provider; the others leave them valid. */
const ENDS_ISSUED_TOKENS: Record<IdentityProviderName, readonly ContainAction[]> = {
  // AdminDisableUser revokes access and ID tokens; global sign-out only refresh tokens.
  cognito: ['disable'],
  // The deny policy on aws:TokenIssueTime stops every session issued before it.
  iam: ['revoke-sessions', 'disable'],
  // The application checks revokedAt on every request.
  'app-sessions': ['revoke-sessions'],
  // Their access tokens are JWTs checked locally by APIs: nothing ends them before expiry.
  okta: [],
  entra: [],
  auth0: [],
};

/**
 * Seconds an attacker holding already-issued tokens keeps access after these actions: 0 when one of them
 * ends issued tokens, otherwise the longest of the access and ID token lifetimes.
 */
export function residualAccessSeconds(
  provider: IdentityProviderName,
  done: readonly ContainAction[],
  lifetime: { accessTokenSeconds: number; idTokenSeconds: number },
): number {
  if (done.some((a) => ENDS_ISSUED_TOKENS[provider].includes(a))) return 0;
  return Math.max(lifetime.accessTokenSeconds, lifetime.idTokenSeconds);
}

/** Actions that change an account in a way its owner notices (the circuit breaker counts these). */
export const DISRUPTIVE: readonly ContainAction[] = ['force-password-reset', 'disable'];

export interface AccountFacts {
  user: string;
  /** Groups the account belongs to, across every provider it exists in. */
  groups: readonly string[];
}

export type GateDecision = { kind: 'automatic' } | { kind: 'approval'; reasons: string[]; users: string[] };

/**
 * Who may be touched without a human: never a member of a VIP group, and never more accounts in one
 * step than the cap. A step over the cap waits as a whole; otherwise only the VIP accounts wait.
 */
export function gate(
  accounts: readonly AccountFacts[],
  rules: { vipGroups: readonly string[]; approvalCap: number },
): GateDecision {
  const vip = new Set(rules.vipGroups.map((g) => g.toLowerCase()));
  const vips = accounts.filter((a) => a.groups.some((g) => vip.has(g.toLowerCase())));
  const reasons: string[] = [];
  if (accounts.length > rules.approvalCap) {
    reasons.push(`${accounts.length} accounts exceed the approval cap (${rules.approvalCap})`);
  }
  for (const a of vips) {
    const groups = [...new Set(a.groups.filter((g) => vip.has(g.toLowerCase())))];
    reasons.push(`${a.user} is privileged (${groups.join(', ')})`);
  }
  if (reasons.length === 0) return { kind: 'automatic' };
  const users = accounts.length > rules.approvalCap ? accounts.map((a) => a.user) : vips.map((a) => a.user);
  return { kind: 'approval', reasons, users };
}

/** The circuit breaker's window a moment falls in: fixed buckets, so every Lambda agrees on the key. */
export function breakerWindow(at: Date, windowMinutes: number): { key: string; endsAt: string } {
  const size = windowMinutes * 60_000;
  const start = Math.floor(at.getTime() / size) * size;
  return {
    key: `${windowMinutes}m@${new Date(start).toISOString()}`,
    endsAt: new Date(start + size).toISOString(),
  };
}
