import { describe, expect, it } from 'vitest';
import { normalizeEvent } from '../../lambdas/core/alerts.ts';
import { deriveRisk, scoreOfRiskLevel } from '../../lambdas/core/risk.ts';

const risky = (detail: Record<string, unknown>) => ({
  source: 'riposte.detection',
  'detail-type': 'Identity attack detected',
  detail: {
    id: 'det-risk',
    type: 'risky-signin',
    observedAt: '2026-11-20T03:12:00Z',
    targetedUsers: ['carol'],
    ...detail,
  },
});
const alertOf = (detail: Record<string, unknown>) => {
  const [routed] = normalizeEvent(risky(detail));
  if (!routed || !('alert' in routed)) throw new Error('no alert');
  return routed.alert;
};

describe('the risk of a risky-signin alert', () => {
  it('maps Entra ID Protection and Okta levels to the middle of the tiers, any case', () => {
    expect(['none', 'low', 'medium', 'high', 'LOW', 'MEDIUM', 'HIGH'].map(scoreOfRiskLevel)).toEqual([
      0, 20, 55, 90, 20, 55, 90,
    ]);
    expect(scoreOfRiskLevel('hidden')).toBeUndefined();
    expect(scoreOfRiskLevel('unknownFutureValue')).toBeUndefined();
    expect(() => scoreOfRiskLevel('extreme')).toThrow(/"extreme" is not an Entra ID or Okta risk level/);
  });

  it('takes riskScore first, then riskLevel, then severity, and says which', () => {
    expect(deriveRisk({ riskScore: 12, riskLevel: 'high', severity: 90 })).toEqual({
      score: 12,
      from: 'riskScore',
    });
    expect(deriveRisk({ riskLevel: 'high', severity: 10 })).toEqual({ score: 90, from: 'riskLevel high' });
    expect(deriveRisk({ riskLevel: 'hidden', severity: 55 })).toEqual({
      score: 55,
      from: 'severity (riskLevel hidden says the risk is not known)',
    });
  });

  it('puts the derived score on the alert, with the reason first; other playbooks are left as they came', () => {
    const alert = alertOf({ severity: 90, riskLevel: 'medium', reasons: ['new country'] });
    expect(alert).toMatchObject({
      riskScore: 55,
      reasons: ['risk 55 taken from riskLevel medium', 'new country'],
    });
    const [spray] = normalizeEvent({
      ...risky({ severity: 60 }),
      detail: { ...risky({ severity: 60 }).detail, type: 'password-spray' },
    });
    expect(spray && 'alert' in spray ? spray.alert.riskScore : 'none').toBeUndefined();
  });

  it('rejects an alert with nothing to derive the risk from, naming the field', () => {
    expect(() => normalizeEvent(risky({}))).toThrow(/detail\.severity/);
    expect(() => normalizeEvent(risky({ severity: 50, riskLevel: 'extreme' }))).toThrow(/detail\.riskLevel/);
  });
});
