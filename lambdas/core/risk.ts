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

/**
 * Risk levels other systems put on a sign-in, as 0–100 scores in the middle of riposte's tiers: Microsoft Entra
 * ID Protection (`riskLevelDuringSignIn` / `riskLevelAggregated` / `riskLevel` of a riskDetection: none, low,
 * medium, high; hidden when the tenant has no P2 licence) and Okta (`debugContext.debugData.risk` level: LOW,
 * MEDIUM, HIGH). The scores 20, 55 and 90 land in low, medium and high.
 */
export const RISK_LEVEL_SCORES: Readonly<Record<string, number>> = {
  none: 0,
  low: 20,
  medium: 55,
  high: 90,
};
/** Levels that say the risk is not known (Entra writes them): the next source of risk is used. */
const UNKNOWN_RISK_LEVELS: ReadonlySet<string> = new Set(['hidden', 'unknownfuturevalue', 'unknown']);

/** A risk level as a score; undefined when the level says the risk is not known; throws on anything else. */
export function scoreOfRiskLevel(level: string): number | undefined {
  const key = level.trim().toLowerCase();
  const score = RISK_LEVEL_SCORES[key];
  if (score !== undefined) return score;
  if (UNKNOWN_RISK_LEVELS.has(key)) return undefined;
  throw new RangeError(
    `"${level}" is not an Entra ID or Okta risk level (none, low, medium, high; hidden or unknownFutureValue: not known)`,
  );
}

/**
 * The 0–100 risk of a risky sign-in, from what the alert carries: its `riskScore`, else its `riskLevel`
 * (Entra ID Protection or Okta) on the mapping above, else its `severity`; with where it came from, in words.
 */
export function deriveRisk(alert: { riskScore?: number; riskLevel?: string; severity: number }): {
  score: number;
  from: string;
} {
  if (alert.riskScore !== undefined) return { score: alert.riskScore, from: 'riskScore' };
  if (alert.riskLevel !== undefined) {
    const score = scoreOfRiskLevel(alert.riskLevel);
    if (score !== undefined) return { score, from: `riskLevel ${alert.riskLevel}` };
  }
  const why =
    alert.riskLevel === undefined
      ? 'no riskScore or riskLevel'
      : `riskLevel ${alert.riskLevel} says the risk is not known`;
  return { score: alert.severity, from: `severity (${why})` };
}

/** Account events that re-evaluate a sign-in at once: the user's other sessions are revoked. */
export const CRITICAL_IDENTITY_EVENTS = ['password-change', 'account-disabled', 'mfa-change'] as const;
export type CriticalIdentityEvent = (typeof CRITICAL_IDENTITY_EVENTS)[number];
