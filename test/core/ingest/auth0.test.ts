import { describe, expect, it } from 'vitest';
import { detectFormat, normalizeRecord } from '../../../lambdas/core/ingest/index.ts';

/**
 * Built samples: no public Auth0 tenant log is in the shared datasets. Shaped after Auth0's log event schema
 * and type codes (auth0.com/docs/deploy-monitor/logs/log-event-type-codes).
 */
function auth0(type: string, extra: Record<string, unknown> = {}) {
  return {
    log_id: '90020260302091542112000000000000001223372036854775807',
    date: '2026-03-02T09:15:42.112Z',
    type,
    description: 'Wrong email or password.',
    connection: 'Username-Password-Authentication',
    connection_id: 'con_x1y2z3',
    client_id: 'AaiyAPdpYdesoKnqjj8HJqRn4T5titww',
    client_name: 'Customer Portal',
    ip: '203.0.113.77',
    user_agent: 'python-requests/2.31.0',
    user_id: 'auth0|65e2f0a1b2c3d4e5f6a7b8c9',
    user_name: 'Carol@Example.com',
    location_info: { country_code: 'NL', city_name: 'Amsterdam', latitude: 52.37, longitude: 4.89 },
    ...extra,
  };
}

describe('Auth0 logs (built from the log event schema)', () => {
  it('reads a failed login by wrong password with address and location', () => {
    expect(detectFormat(auth0('fp'))).toBe('auth0');
    expect(normalizeRecord(auth0('fp'))).toEqual({
      time: Date.parse('2026-03-02T09:15:42.112Z'),
      format: 'auth0',
      eventCode: 'fp',
      activity: 'logon',
      outcome: 'failure',
      user: 'carol',
      domain: 'Example.com',
      failureReason: 'wrong-password',
      statusCode: 'fp',
      sourceIp: '203.0.113.77',
      destination: 'Customer Portal',
      location: { country: 'NL', city: 'Amsterdam', latitude: 52.37, longitude: 4.89 },
      userAgent: 'python-requests/2.31.0',
    });
  });

  it.each([
    ['s', 'logon', 'success', undefined],
    ['f', 'logon', 'failure', 'wrong-password'],
    ['fu', 'logon', 'failure', 'unknown-user'],
    ['limit_wc', 'lockout', 'failure', 'locked'],
    ['limit_mu', 'logon', 'failure', 'locked'],
    ['pwd_leak', 'logon', 'failure', 'other'],
    ['scp', 'password-change', 'success', undefined],
    ['scpr', 'password-change', 'success', undefined],
  ] as const)('type %s → %s %s %s', (type, activity, outcome, reason) => {
    const e = normalizeRecord(auth0(type));
    expect(e).toMatchObject({ activity, outcome });
    expect(e.failureReason).toBe(reason);
  });

  it('unwraps a log stream event delivered by EventBridge (detail.data)', () => {
    const streamed = {
      'detail-type': 'Auth0 log',
      source: 'aws.partner/auth0.com',
      detail: { data: auth0('fu') },
    };
    expect(detectFormat(streamed)).toBe('auth0');
    expect(normalizeRecord(streamed).failureReason).toBe('unknown-user');
  });

  it('sets aside other types, and names a record without a user', () => {
    expect(() => normalizeRecord(auth0('seacft'))).toThrow('not an authentication event: Auth0 type seacft');
    expect(() => normalizeRecord(auth0('f', { user_name: undefined }))).toThrow('user_name: missing');
  });
});
