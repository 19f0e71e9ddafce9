import { describe, expect, it } from 'vitest';
import { parseTarget } from '../../lambdas/actions/undo-containment.ts';
import { parseConfig } from '../../lambdas/core/config.ts';
import { breakerWindow, gate, residualAccessSeconds } from '../../lambdas/core/containment.ts';
import { DEFAULT_TOKEN_LIFETIMES } from '../../lambdas/core/identity-config.ts';

const life = (access: number, id = 0) => ({ accessTokenSeconds: access, idTokenSeconds: id });

describe('residual access window', () => {
  it('is the longest token lifetime after a sign-out alone', () => {
    expect(
      residualAccessSeconds('cognito', ['revoke-sessions', 'force-password-reset'], life(3600, 1800)),
    ).toBe(3600);
    expect(residualAccessSeconds('okta', ['revoke-sessions'], life(600, 3600))).toBe(3600);
  });

  it('is zero once an action ends issued tokens: Cognito disable, the IAM deny policy, app sessions', () => {
    expect(residualAccessSeconds('cognito', ['revoke-sessions', 'disable'], life(3600))).toBe(0);
    expect(residualAccessSeconds('iam', ['revoke-sessions'], life(43_200))).toBe(0);
    expect(residualAccessSeconds('app-sessions', ['revoke-sessions'], life(0))).toBe(0);
  });

  it('stays the full lifetime for providers whose access tokens outlive a disable', () => {
    for (const provider of ['okta', 'entra', 'auth0'] as const)
      expect(
        residualAccessSeconds(provider, ['revoke-sessions', 'disable'], DEFAULT_TOKEN_LIFETIMES[provider]),
      ).toBe(
        Math.max(
          DEFAULT_TOKEN_LIFETIMES[provider].accessTokenSeconds,
          DEFAULT_TOKEN_LIFETIMES[provider].idTokenSeconds,
        ),
      );
  });
});

describe('who may be touched automatically', () => {
  const rules = { vipGroups: ['administrators', 'executives', 'finance'], approvalCap: 3 };

  it('lets ordinary accounts within the cap through', () => {
    expect(
      gate(
        [
          { user: 'a', groups: ['staff'] },
          { user: 'b', groups: [] },
        ],
        rules,
      ),
    ).toEqual({ kind: 'automatic' });
  });

  it('holds only the VIPs, matching group names without regard to case', () => {
    expect(
      gate(
        [
          { user: 'a', groups: ['staff'] },
          { user: 'ceo', groups: ['Executives', 'executives'] },
        ],
        rules,
      ),
    ).toEqual({
      kind: 'approval',
      users: ['ceo'],
      reasons: ['ceo is privileged (Executives, executives)'],
    });
  });

  it('holds everyone when the step is over the cap', () => {
    const many = ['a', 'b', 'c', 'd'].map((user) => ({ user, groups: [] }));
    expect(gate(many, rules)).toEqual({
      kind: 'approval',
      users: ['a', 'b', 'c', 'd'],
      reasons: ['4 accounts exceed the approval cap (3)'],
    });
  });
});

describe('circuit breaker window', () => {
  it('puts moments of the same window under one key and the next window under another', () => {
    const a = breakerWindow(new Date('2026-11-20T03:00:00Z'), 60);
    expect(breakerWindow(new Date('2026-11-20T03:59:59Z'), 60)).toEqual(a);
    expect(a.endsAt).toBe('2026-11-20T04:00:00.000Z');
    expect(breakerWindow(new Date('2026-11-20T04:00:00Z'), 60).key).not.toBe(a.key);
  });
});

describe('identity configuration', () => {
  it('has the documented defaults', () => {
    const { identity } = parseConfig({});
    expect(identity).toMatchObject({
      vipGroups: ['administrators', 'executives', 'finance'],
      approvalCap: 10,
      breaker: { maxChanges: 20, windowMinutes: 60 },
    });
  });

  it('refuses a provider without its settings, naming the field', () => {
    expect(() => parseConfig({ identity: { providers: ['okta'] } })).toThrow(
      /identity\.okta: identity\.providers includes "okta" but identity\.okta is not set/,
    );
  });

  it("refuses a first block shorter than a provider's token lifetime", () => {
    expect(() =>
      parseConfig({
        waf: { blockTtlHours: 12 },
        identity: { providers: ['auth0'], auth0: { baseUrl: 'https://t.auth0.com', secretId: 's' } },
      }),
    ).toThrow(
      /waf\.blockTtlHours: 12 h is shorter than auth0's token lifetime \(86400 s\): raise it to at least 24/,
    );
  });
});

describe('undo targets', () => {
  it('reads contain-accounts, one action, a user and a user in one provider', () => {
    expect(parseTarget('contain-accounts')('disable', 'alice', 'okta')).toBe(true);
    expect(parseTarget('disable')('revoke-sessions', 'alice', 'okta')).toBe(false);
    expect(parseTarget('disable:alice')('disable', 'bob', 'okta')).toBe(false);
    const one = parseTarget('contain-accounts:alice@example.com@okta');
    expect(one('disable', 'alice@example.com', 'okta')).toBe(true);
    expect(one('disable', 'alice@example.com', 'entra')).toBe(false);
    // An email without a provider is a user name, not a provider.
    expect(parseTarget('disable:alice@example.com')('disable', 'alice@example.com', 'entra')).toBe(true);
    expect(() => parseTarget('reboot')).toThrow(/cannot undo "reboot"/);
  });
});
