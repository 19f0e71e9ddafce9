import { describe, expect, it } from 'vitest';
import type { Incident } from '../../lambdas/core/incident.ts';
import { evaluateGate } from '../../lambdas/core/relax-gate.ts';

const now = new Date('2026-11-25T00:00:00Z');
const incident: Incident = {
  id: 'INC-1',
  playbook: 'credential-stuffing',
  title: 't',
  severity: 80,
  status: 'contained',
  openedAt: '2026-11-20T00:00:00Z',
  updatedAt: '2026-11-20T00:00:00Z',
  alertIds: ['a'],
  sourceIps: ['203.0.113.7'],
  targetedUsers: ['alice'],
  compromisedUsers: [],
};
const gate = (extra: Partial<Parameters<typeof evaluateGate>[0]>) =>
  evaluateGate({
    now,
    incident,
    timeline: [],
    others: [],
    resets: [],
    recurrenceHours: 24,
    minResetShare: 0.95,
    ...extra,
  });

describe('the normalization criteria in the relaxation gate', () => {
  it('passes at 80% overall and every administrator enrolled, summed over providers', () => {
    const result = gate({
      mfa: [
        { provider: 'cognito', users: 6, enrolled: 5, admins: 1, adminsEnrolled: 1 },
        { provider: 'entra', users: 4, enrolled: 3, admins: 2, adminsEnrolled: 2 },
      ],
    });
    expect(result).toMatchObject({ pass: true, mfaShare: 0.8, adminMfaShare: 1 });
  });

  it('a provider that cannot report MFA enrollment holds the gate and says unknown', () => {
    const result = gate({
      mfa: [
        { provider: 'cognito', users: 10, enrolled: 10, admins: 1, adminsEnrolled: 1 },
        { provider: 'okta', unknown: 'PermissionDenied: okta.users.read' },
      ],
    });
    expect(result.pass).toBe(false);
    expect(result.mfaShare).toBeNull();
    expect(result.reasons).toEqual([
      'MFA enrollment unknown: okta could not report it (PermissionDenied: okta.users.read)',
    ]);
  });

  it('holds while an alarm is not OK, missing or unreadable', () => {
    const result = gate({
      alarms: [
        { name: 'api-5xx', state: 'OK' },
        { name: 'login-latency', state: 'INSUFFICIENT_DATA' },
        { name: 'typo', state: 'MISSING' },
      ],
    });
    expect(result.reasons).toEqual([
      'alarm login-latency is INSUFFICIENT_DATA, not OK',
      'alarm typo is MISSING, not OK',
    ]);
  });
});
