import type { Alert } from './alerts.ts';
import type { ControlName, TightenRule } from './posture.ts';

/** The posture decision for one alert (the rule: `TightenRuleSchema` in posture.ts). */
export interface PostureDecision {
  tighten: boolean;
  /** Why, in words for the timeline, the summary and the page. */
  reason: string;
  controls: ControlName[];
}

/** The rule for a playbook's incidents: its own in `posture.tightenWhenByPlaybook`, else `posture.tightenWhen`. */
export function tightenRuleFor(
  config: { tightenWhen: TightenRule; tightenWhenByPlaybook: Record<string, TightenRule> },
  playbook: string,
): TightenRule {
  return config.tightenWhenByPlaybook[playbook] ?? config.tightenWhen;
}

/** Whether this alert warrants the emergency posture under the rule, and why (or why not). */
export function postureDecision(
  rule: TightenRule,
  alert: Pick<Alert, 'sourceIps' | 'sourceHosts' | 'compromisedUsers' | 'severity'>,
): PostureDecision {
  const compromised = new Set(alert.compromisedUsers.map((u) => u.toLowerCase())).size;
  const sources = new Set([...alert.sourceIps, ...alert.sourceHosts]).size;
  const checks: { holds: boolean; met: string; unmet: string }[] = [];
  if (rule.compromisedAccounts !== undefined)
    checks.push({
      holds: compromised >= rule.compromisedAccounts,
      met: `${compromised} compromised account(s) ≥ ${rule.compromisedAccounts}`,
      unmet: `${compromised} compromised account(s) < ${rule.compromisedAccounts}`,
    });
  if (rule.sources !== undefined)
    checks.push({
      holds: sources >= rule.sources,
      met: `${sources} distinct source(s) ≥ ${rule.sources}`,
      unmet: `${sources} distinct source(s) < ${rule.sources}`,
    });
  if (rule.severity !== undefined)
    checks.push({
      holds: alert.severity >= rule.severity,
      met: `severity ${alert.severity} ≥ ${rule.severity}`,
      unmet: `severity ${alert.severity} < ${rule.severity}`,
    });
  const met = checks.filter((c) => c.holds);
  if (rule.controls.length === 0)
    return { tighten: false, reason: 'the rule tightens no control', controls: [] };
  if (met.length === 0)
    return {
      tighten: false,
      reason: `not warranted: ${checks.map((c) => c.unmet).join(', ') || 'the rule has no condition'}`,
      controls: [],
    };
  return { tighten: true, reason: `warranted: ${met.map((c) => c.met).join(', ')}`, controls: rule.controls };
}
