import { describe, expect, it } from 'vitest';
import type { AuthEvent } from '../../../lambdas/core/auth-event.ts';
import { detect } from '../../../lambdas/core/detect/index.ts';
import { DEFAULT_DETECTION } from '../../../lambdas/core/detect/thresholds.ts';
import { attempt, MINUTE, SECOND, T0, users } from '../../support/auth-events.ts';

// Every sequence in this file is built by hand to look like the attack (or the ordinary day) it names.
const run = (events: AuthEvent[]) => detect(events, DEFAULT_DETECTION);

describe('password spray (T1110.003)', () => {
  it('finds a spray from a host with no IP, as Windows writes it, and names the host, not an address', () => {
    const targets = ['lrodriguez', 'pgustavo', 'sysmonsvc', 'sbeavers', 'mscott', 'pbeesly', 'nxlogsvc'];
    const events = targets.flatMap((u, i) => [
      attempt(u, 'failure', T0 + i * 3, { host: 'WORKSTATION5' }, { format: 'windows', eventCode: '4625' }),
      attempt(
        u,
        'failure',
        T0 + 150 + i * 3,
        { host: 'WORKSTATION5' },
        { format: 'windows', eventCode: '4776', activity: 'credential-validation' },
      ),
    ]);
    const [spray, ...others] = run(events);
    expect(others).toEqual([]);
    expect(spray).toMatchObject({
      type: 'password-spray',
      technique: 'T1110.003',
      sourceIps: [],
      sourceHosts: ['WORKSTATION5'],
      targetedUsers: [...targets].sort(),
      compromisedUsers: [],
    });
    expect(spray?.reasons[0]).toContain('7 accounts failed from WORKSTATION5');
  });

  it('finds a slow spray from one public address and the account that then signed in', () => {
    const targets = users(8);
    const events = targets.map((u, i) => attempt(u, 'failure', T0 + i * 2 * MINUTE, { ip: '203.0.113.9' }));
    events.push(attempt('user3', 'success', T0 + 17 * MINUTE, { ip: '203.0.113.9' }));
    const detections = run(events);
    expect(detections.map((d) => d.type)).toEqual(['password-spray']);
    expect(detections[0]).toMatchObject({ sourceIps: ['203.0.113.9'], compromisedUsers: ['user3'] });
    expect(detections[0]?.window).toEqual({
      start: new Date(T0).toISOString(),
      end: new Date(T0 + 14 * MINUTE).toISOString(),
    });
  });

  it('keeps the detection id stable when the same records arrive again', () => {
    const events = users(6).map((u, i) => attempt(u, 'failure', T0 + i * SECOND, { ip: '198.51.100.4' }));
    expect(run(events)[0]?.id).toBe(run([...events].reverse())[0]?.id);
  });
});

describe('credential stuffing (T1110.004)', () => {
  it('finds one address going through a breached list fast, with the accounts that got in', () => {
    const list = users(50, 'victim');
    // Half the list names accounts that do not exist here: it was breached somewhere else.
    const events = list.map((u, i) =>
      attempt(
        u,
        i === 10 || i === 40 ? 'success' : 'failure',
        T0 + i * 2 * SECOND,
        { ip: '203.0.113.7' },
        i % 2 ? {} : { failureReason: 'unknown-user' },
      ),
    );
    const detections = run(events);
    expect(detections.map((d) => d.type)).toEqual(['credential-stuffing']);
    expect(detections[0]).toMatchObject({
      technique: 'T1110.004',
      sourceIps: ['203.0.113.7'],
      compromisedUsers: ['victim11', 'victim41'],
    });
    expect(detections[0]?.targetedUsers).toHaveLength(48);
  });

  it('finds many sources against many accounts when each source alone stays below the thresholds', () => {
    const events = users(40, 'acct').map((u, i) =>
      attempt(u, 'failure', T0 + i * 5 * SECOND, { ip: `198.51.100.${(i % 25) + 1}` }),
    );
    events.push(attempt('acct7', 'success', T0 + 4 * MINUTE, { ip: '198.51.100.7' }));
    const detections = run(events);
    expect(detections.map((d) => d.type)).toEqual(['credential-stuffing']);
    expect(detections[0]?.sourceIps).toHaveLength(25);
    expect(detections[0]?.targetedUsers).toHaveLength(40);
    expect(detections[0]?.compromisedUsers).toEqual(['acct7']);
  });
});

describe('one public source against many real accounts, fast', () => {
  it('is a spray when the accounts exist (wrong passwords), and stuffing when the records do not say', () => {
    const fast = (extra = {}) =>
      users(30, 'staff').map((u, i) =>
        attempt(u, 'failure', T0 + i * SECOND, { ip: '198.51.100.66' }, extra),
      );
    expect(run(fast()).map((d) => d.type)).toEqual(['password-spray']);
    const unexplained = run(fast({ failureReason: undefined }));
    expect(unexplained.map((d) => d.type)).toEqual(['credential-stuffing']);
    expect(unexplained[0]?.reasons).toContain('the records do not say why sign-ins failed: judged by speed');
  });
});

describe('brute force (T1110.001)', () => {
  it('finds many failures against one account, and the success that followed', () => {
    const events = Array.from({ length: 15 }, (_, i) =>
      attempt('alice', 'failure', T0 + i * 10 * SECOND, { ip: '192.0.2.200' }),
    );
    events.push(attempt('alice', 'success', T0 + 3 * MINUTE, { ip: '192.0.2.200' }));
    const detections = run(events);
    expect(detections.map((d) => d.type)).toEqual(['brute-force']);
    expect(detections[0]).toMatchObject({
      technique: 'T1110.001',
      sourceIps: ['192.0.2.200'],
      targetedUsers: ['alice'],
      compromisedUsers: ['alice'],
      severity: 80,
    });
  });
});

describe('benign sign-ins produce no detection', () => {
  it('an office NAT with hundreds of people signing in, a few mistyping once', () => {
    const events = users(300, 'staff').map((u, i) =>
      attempt(u, 'success', T0 + i * SECOND, { ip: '192.0.2.10' }),
    );
    for (const u of users(4, 'staff'))
      events.push(attempt(u, 'failure', T0 + 30 * SECOND, { ip: '192.0.2.10' }));
    expect(run(events)).toEqual([]);
  });

  it('a user mistyping twice, then getting in', () => {
    expect(
      run([
        attempt('bob', 'failure', T0, { ip: '203.0.113.50' }),
        attempt('bob', 'failure', T0 + 5 * SECOND, { ip: '203.0.113.50' }),
        attempt('bob', 'success', T0 + 12 * SECOND, { ip: '203.0.113.50' }),
      ]),
    ).toEqual([]);
  });

  it('a busy morning: 25 people mistype once from 25 homes within 5 minutes, among 500 good sign-ins', () => {
    const events = users(500, 'emp').map((u, i) =>
      attempt(u, 'success', T0 + i * 500, { ip: `198.18.${Math.floor(i / 200)}.${(i % 200) + 1}` }),
    );
    for (const [i, u] of users(25, 'emp').entries()) {
      events.push(
        attempt(u, 'failure', T0 + i * 10 * SECOND, { ip: `198.18.${Math.floor(i / 200)}.${(i % 200) + 1}` }),
      );
    }
    // 198.18.0.0/15 is benchmarking space, public to the detector.
    expect(run(events)).toEqual([]);
  });

  it('a service with a stale password retrying one account a few times an hour', () => {
    const events = Array.from({ length: 12 }, (_, i) =>
      attempt('svc-backup', 'failure', T0 + i * 15 * MINUTE, { host: 'FILESRV2' }),
    );
    expect(run(events)).toEqual([]);
  });
});
