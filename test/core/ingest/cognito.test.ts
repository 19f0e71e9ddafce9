import { describe, expect, it } from 'vitest';
import { detectFormat, normalizeRecord } from '../../../lambdas/core/ingest/index.ts';

/**
 * Built samples: no public Cognito log is in the shared datasets. The user activity log export of threat
 * protection and the AuthEventType of AdminListUserAuthEvents, per the Amazon Cognito API reference.
 */
const exported = {
  eventTimestamp: '1772442942112',
  eventId: '8f3c2a1e-4b5d-4e6f-9a0b-1c2d3e4f5a6b',
  eventType: 'SignIn',
  userName: 'dave@example.com',
  userSub: 'a1b2c3d4-5678-90ab-cdef-111122223333',
  userPoolId: 'eu-west-1_AbCdEfGhI',
  clientId: '1example23456789',
  eventResponse: 'Fail',
  eventRisk: { riskDecision: 'NoRisk', riskLevel: 'Low', compromisedCredentialsDetected: false },
  challenges: [{ challengeName: 'Password', challengeResponse: 'Failure' }],
  ipAddress: '198.51.100.9',
  userAgent: 'Mozilla/5.0',
};

describe('Cognito user pool auth events (built from the API reference)', () => {
  it('reads the exported user activity log: failed password challenge', () => {
    expect(detectFormat(exported)).toBe('cognito');
    expect(normalizeRecord(exported)).toEqual({
      time: 1772442942112,
      format: 'cognito',
      eventCode: 'SignIn',
      activity: 'logon',
      outcome: 'failure',
      user: 'dave',
      domain: 'eu-west-1_AbCdEfGhI',
      failureReason: 'wrong-password',
      statusCode: 'NoRisk',
      sourceIp: '198.51.100.9',
      destination: '1example23456789',
      userAgent: 'Mozilla/5.0',
    });
  });

  it('reads the AdminListUserAuthEvents shape with its Username', () => {
    const apiShape = {
      Username: 'erin',
      EventId: 'e1',
      EventType: 'SignIn',
      CreationDate: 1772442942,
      EventResponse: 'Fail',
      EventRisk: { RiskDecision: 'Block', RiskLevel: 'High', CompromisedCredentialsDetected: true },
      ChallengeResponses: [
        { ChallengeName: 'Password', ChallengeResponse: 'Success' },
        { ChallengeName: 'Mfa', ChallengeResponse: 'Failure' },
      ],
      EventContextData: {
        IpAddress: '203.0.113.8',
        DeviceName: 'Chrome, Windows',
        City: 'Oslo',
        Country: 'Norway',
      },
    };
    expect(normalizeRecord(apiShape)).toMatchObject({
      time: 1772442942000,
      user: 'erin',
      failureReason: 'mfa-failed',
      statusCode: 'Block',
      sourceIp: '203.0.113.8',
    });
  });

  it('maps a password change and passes a successful sign-in', () => {
    expect(
      normalizeRecord({ ...exported, eventType: 'PasswordChange', eventResponse: 'Pass' }),
    ).toMatchObject({
      activity: 'password-change',
      outcome: 'success',
    });
    expect(normalizeRecord({ ...exported, eventResponse: 'Pass', challenges: [] }).outcome).toBe('success');
  });

  it("says why CloudTrail's Cognito records are set aside: they hide the user name", () => {
    const trail = {
      eventSource: 'cognito-idp.amazonaws.com',
      eventName: 'InitiateAuth',
      eventTime: '2026-03-02T09:00:00Z',
    };
    expect(detectFormat(trail)).toBe('cognito');
    expect(() => normalizeRecord(trail)).toThrow(
      /InitiateAuth does not name the user; export user activity logs/,
    );
  });
});
