/** Continuous verification: what a sign-in's 0–100 risk score asks for. */
export const RISK_TIERS = {
  /** At or above: force step-up (sign out, sign in again with MFA) and alert. */
  medium: 40,
  /** At or above: contain the account, block the source, page. */
  high: 70,
} as const;

export type RiskTier = 'low' | 'medium' | 'high';

export function riskTier(score: number): RiskTier {
  if (score >= RISK_TIERS.high) return 'high';
  if (score >= RISK_TIERS.medium) return 'medium';
  return 'low';
}

/** Account events that re-evaluate a sign-in at once: the user's other sessions are revoked. */
export const CRITICAL_IDENTITY_EVENTS = ['password-change', 'account-disabled', 'mfa-change'] as const;
export type CriticalIdentityEvent = (typeof CRITICAL_IDENTITY_EVENTS)[number];
