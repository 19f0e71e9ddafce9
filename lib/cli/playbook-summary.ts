import type { Alert } from '../../lambdas/core/alerts.ts';
import type { Incident, TimelineEntry } from '../../lambdas/core/incident.ts';
import type { HostToInvestigate } from '../../lambdas/core/internal-sources.ts';
import type { LockoutFindings } from '../../lambdas/core/lockout-findings.ts';
import { type RiskTier, riskTier } from '../../lambdas/core/risk.ts';

/** What the attack-specific playbooks add to an incident's summary, derived from its timeline only. */
export interface PlaybookFacts {
  /** Internal sources (private addresses, host names) named for investigation instead of WAF. */
  hostsToInvestigate: HostToInvestigate[];
  /** Accounts whose owners were told. */
  ownerNotified: string[];
  /** account-lockout: the verdict and each caller computer / address. */
  lockout?: LockoutFindings;
  /** risky-signin: the score, its tier and the accounts forced to sign in again (step-up). */
  risk?: { score: number | null; tier: RiskTier | null; identityEvent?: string; stepUp: string[] };
}

export function playbookFacts(incident: Incident, timeline: readonly TimelineEntry[]): PlaybookFacts {
  const ok = (action: string) => timeline.filter((e) => e.action === action && e.outcome === 'ok');
  const facts: PlaybookFacts = {
    hostsToInvestigate: ok('investigate-host').map((e) => e.data?.host as HostToInvestigate),
    ownerNotified: [...new Set(ok('notify-owner').map((e) => String(e.data?.user)))].sort(),
  };
  const lockout = ok('investigate-lockout').at(-1)?.data?.findings as LockoutFindings | undefined;
  if (lockout) facts.lockout = lockout;
  if (incident.playbook === 'risky-signin') {
    const alert = timeline.find((e) => e.action === 'open-incident')?.data?.alert as Alert | undefined;
    const score = alert?.riskScore ?? null;
    const tier = score === null ? null : riskTier(score);
    const revokedOnly = ok('revoke-sessions')
      .map((e) => String(e.data?.user))
      .filter((u) => !ok('force-password-reset').some((r) => r.data?.user === u));
    facts.risk = {
      score,
      tier,
      ...(alert?.identityEvent ? { identityEvent: alert.identityEvent } : {}),
      stepUp: tier === 'high' ? [] : [...new Set(revokedOnly)].sort(),
    };
  }
  return facts;
}
