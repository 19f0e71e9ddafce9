import { describe, expect, it } from 'vitest';
import { detectFormat, normalizeRecord } from '../../../lambdas/core/ingest/index.ts';

/**
 * Built samples: no public Okta System Log export with ground truth is in the shared datasets. Shaped after
 * Okta's LogEvent object reference (developer.okta.com/docs/reference/api/system-log/).
 */
function okta(eventType: string, result: string, extra: Record<string, unknown> = {}) {
  return {
    uuid: 'f4f2a3e1-1111-11ef-8d3f-0b1c2d3e4f50',
    published: '2026-03-02T09:15:42.112Z',
    eventType,
    version: '0',
    severity: result === 'SUCCESS' ? 'INFO' : 'WARN',
    displayMessage: 'User login to Okta',
    actor: {
      id: '00u1abcd',
      type: 'User',
      alternateId: 'Alice.Smith@example.com',
      displayName: 'Alice Smith',
    },
    client: {
      userAgent: { rawUserAgent: 'Mozilla/5.0 (X11; Linux x86_64)', os: 'Linux', browser: 'CHROME' },
      zone: 'null',
      device: 'Computer',
      ipAddress: '198.51.100.23',
      geographicalContext: {
        city: 'Lisbon',
        state: 'Lisboa',
        country: 'Portugal',
        postalCode: '1000-001',
        geolocation: { lat: 38.7223, lon: -9.1393 },
      },
    },
    outcome: { result, reason: result === 'FAILURE' ? 'INVALID_CREDENTIALS' : null },
    target: [
      { id: '0oa1app', type: 'AppInstance', alternateId: 'Salesforce', displayName: 'Salesforce.com' },
    ],
    ...extra,
  };
}

describe('Okta System Log (built from the LogEvent reference)', () => {
  it('reads a failed sign-in: wrong password, address, city and coordinates, app', () => {
    const e = normalizeRecord(okta('user.session.start', 'FAILURE'));
    expect(detectFormat(okta('user.session.start', 'FAILURE'))).toBe('okta');
    expect(e).toEqual({
      time: Date.parse('2026-03-02T09:15:42.112Z'),
      format: 'okta',
      eventCode: 'user.session.start',
      activity: 'logon',
      outcome: 'failure',
      user: 'alice.smith',
      domain: 'example.com',
      failureReason: 'wrong-password',
      statusCode: 'INVALID_CREDENTIALS',
      sourceIp: '198.51.100.23',
      destination: 'Salesforce.com',
      // Okta gives the country's name, not its ISO code: left out rather than guessed.
      location: { city: 'Lisbon', latitude: 38.7223, longitude: -9.1393 },
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
    });
  });

  it.each([
    ['user.authentication.sso', 'SUCCESS', 'logon', 'success'],
    ['user.authentication.auth_via_mfa', 'FAILURE', 'logon', 'failure'],
    ['user.account.lock', 'SUCCESS', 'lockout', 'success'],
    ['user.account.update_password', 'SUCCESS', 'password-change', 'success'],
    ['user.mfa.factor.deactivate', 'SUCCESS', 'mfa-change', 'success'],
    ['user.lifecycle.suspend', 'SUCCESS', 'account-disabled', 'success'],
  ] as const)('%s %s → %s', (type, result, activity, outcome) => {
    expect(normalizeRecord(okta(type, result))).toMatchObject({ activity, outcome });
  });

  it('names the target user of an account event an admin performed, not the admin', () => {
    const reset = okta('user.account.update_password', 'SUCCESS', {
      actor: { type: 'User', alternateId: 'admin@example.com' },
      target: [{ type: 'User', alternateId: 'bob@example.com', displayName: 'Bob' }],
    });
    expect(normalizeRecord(reset).user).toBe('bob');
  });

  it('reads an MFA failure as mfa-failed and a lockout reason as locked', () => {
    const mfa = okta('user.authentication.auth_via_mfa', 'FAILURE', {
      outcome: { result: 'FAILURE', reason: 'Invalid Passcode' },
    });
    expect(normalizeRecord(mfa).failureReason).toBe('mfa-failed');
    const locked = okta('user.session.start', 'FAILURE', {
      outcome: { result: 'FAILURE', reason: 'LOCKED_OUT' },
    });
    expect(normalizeRecord(locked).failureReason).toBe('locked');
  });

  it('sets aside events that are not about sign-ins, and names a bad address', () => {
    expect(() => normalizeRecord(okta('group.user_membership.add', 'SUCCESS'))).toThrow(
      'not an authentication event: Okta group.user_membership.add',
    );
    const bad = okta('user.session.start', 'SUCCESS');
    bad.client.ipAddress = '198.51.100';
    expect(() => normalizeRecord(bad)).toThrow('client.ipAddress: "198.51.100" is not an IP address');
  });
});
