import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectFormat, normalizeRecord, parseAuthLog } from '../../../lambdas/core/ingest/index.ts';

const text = readFileSync(new URL('../../fixtures/signin-failure-50126.json', import.meta.url), 'utf8');
const signIn = JSON.parse(text);

describe('Entra ID sign-in (Microsoft Graph signIn, real documentation example)', () => {
  it('reads the pretty-printed record: bad password, location with coordinates', () => {
    const log = parseAuthLog(text);
    expect(log.rejected).toEqual([]);
    expect(log.events).toEqual([
      {
        time: Date.parse('2021-06-30T16:34:32Z'),
        format: 'entra',
        eventCode: '50126',
        activity: 'logon',
        outcome: 'failure',
        user: 'testaccount1',
        domain: 'contoso.com',
        failureReason: 'wrong-password',
        statusCode: '50126',
        sourceIp: '131.107.159.37',
        destination: 'Azure Portal',
        location: { country: 'US', city: 'Redmond', latitude: 47.6807, longitude: -122.1231 },
        userAgent: signIn.userAgent,
      },
    ]);
  });

  it.each([
    [0, 'success', undefined],
    [50053, 'failure', 'locked'],
    [50057, 'failure', 'disabled'],
    [50034, 'failure', 'unknown-user'],
    [53003, 'failure', 'other'],
  ] as const)('error code %i → %s %s', (errorCode, outcome, reason) => {
    const e = normalizeRecord({ ...signIn, status: { errorCode } });
    expect(e.outcome).toBe(outcome);
    expect(e.failureReason).toBe(reason);
  });

  it('reads the Azure Monitor export, where the signIn sits in "properties" (built from Microsoft docs)', () => {
    const exported = { time: '2021-06-30T16:34:33Z', category: 'SignInLogs', properties: signIn };
    expect(detectFormat(exported)).toBe('entra');
    expect(normalizeRecord(exported)).toMatchObject({
      user: 'testaccount1',
      failureReason: 'wrong-password',
    });
  });

  it('names a missing or non-numeric error code', () => {
    expect(() => normalizeRecord({ ...signIn, status: {} })).toThrow(
      'status.errorCode: missing is not a number',
    );
    expect(() => normalizeRecord({ ...signIn, status: { errorCode: '50126' } })).toThrow(
      'status.errorCode: "50126" is not a number',
    );
  });
});
