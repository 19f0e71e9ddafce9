import { afterEach, describe, expect, it } from 'vitest';
import { Auth0Provider } from '../../lambdas/adapters/identity/auth0.ts';
import { EntraProvider } from '../../lambdas/adapters/identity/entra.ts';
import { OktaProvider } from '../../lambdas/adapters/identity/okta.ts';
import type { IdentityProvider } from '../../lambdas/adapters/identity/port.ts';
import { LocalSecrets } from '../../lambdas/adapters/secrets/local.ts';
import {
  closedUrl,
  type FakeIdp,
  type FakeKind,
  fakeUser,
  SECRET,
  startFakeIdp,
} from '../support/fake-idp.ts';

const NOW = Date.parse('2026-11-20T03:30:00Z');
const secrets = new LocalSecrets({ idp: SECRET, wrong: { ...SECRET, clientSecret: 'nope' } });

function provider(kind: FakeKind, url: string, sleeps: number[] = [], secretId = 'idp'): IdentityProvider {
  const common = { secrets, secretId, sleep: async (ms: number) => void sleeps.push(ms), now: () => NOW };
  if (kind === 'okta') return new OktaProvider({ ...common, baseUrl: url });
  if (kind === 'entra')
    return new EntraProvider({ ...common, tenantId: 'contoso', loginUrl: url, graphUrl: `${url}/v1.0` });
  return new Auth0Provider({ ...common, baseUrl: url, connection: 'Username-Password-Authentication' });
}

/** The account name each provider is asked about, and its id there. */
const ACCOUNT: Record<FakeKind, { name: string; id: string }> = {
  okta: { name: 'alice@example.com', id: '00u1alice' },
  entra: { name: 'alice@example.com', id: '11111111-aaaa-4aaa-8aaa-000000000001' },
  auth0: { name: 'alice@example.com', id: 'auth0|alice' },
};

const FORBIDDEN: Record<FakeKind, { code: string; permission: RegExp }> = {
  okta: { code: 'E0000006', permission: /okta\.users\.manage/ },
  entra: { code: 'Authorization_RequestDenied', permission: /User\.RevokeSessions\.All/ },
  auth0: { code: 'insufficient_scope', permission: /delete:sessions/ },
};

describe.each(['okta', 'entra', 'auth0'] as const)('%s adapter against its documented API', (kind) => {
  let idp: FakeIdp;
  const { name, id } = ACCOUNT[kind];
  const start = async () => {
    idp = await startFakeIdp(kind, [
      fakeUser(id, name, { groups: ['Everyone', 'finance'] }),
      fakeUser('other', 'bob@example.com'),
    ]);
    return idp;
  };
  afterEach(() => idp?.close());

  it('reads the state with groups, and says when an account does not exist', async () => {
    const p = provider(kind, (await start()).url);
    await expect(p.getState(name)).resolves.toMatchObject({
      user: name,
      provider: kind,
      exists: true,
      enabled: true,
      groups: ['Everyone', 'finance'],
    });
    await expect(p.getState('mallory@example.com')).resolves.toMatchObject({ exists: false });
  });

  it('revokes sessions, forces a new password and disables; undo re-enables', async () => {
    const p = provider(kind, (await start()).url);
    const prior = await p.getState(name);
    await p.revokeSessions(name);
    await p.forcePasswordReset(name);
    await p.disable(name);
    expect(idp.users.get(id)).toMatchObject({ sessions: 0, mustChangePassword: true, enabled: false });
    expect(idp.users.get('other')).toMatchObject({ sessions: 2, enabled: true });
    await expect(p.undo('disable', prior)).resolves.toMatch(/enabled|unsuspended|unblocked/);
    expect(idp.users.get(id)?.enabled).toBe(true);
    await expect(p.undo('revoke-sessions', prior)).rejects.toMatchObject({ name: 'NotRestorable' });
  });

  it('waits as a 429 says and then succeeds', async () => {
    const sleeps: number[] = [];
    const p = provider(kind, (await start()).url, sleeps);
    const headers: Record<string, string> =
      kind === 'okta'
        ? { 'x-rate-limit-reset': String(NOW / 1000 + 7), 'x-rate-limit-remaining': '0' }
        : { 'retry-after': '7' };
    idp.failNext(429, {
      code: kind === 'okta' ? 'E0000047' : 'TooManyRequests',
      message: 'Rate limit exceeded',
      headers,
    });
    await p.revokeSessions(name);
    expect(sleeps).toEqual([7000]);
    expect(idp.users.get(id)?.sessions).toBe(0);
  });

  it('names an unknown account when acting on it', async () => {
    const p = provider(kind, (await start()).url);
    await expect(p.revokeSessions('mallory@example.com')).rejects.toMatchObject({
      name: 'UnknownUser',
      message: `mallory@example.com has no account in ${kind}`,
    });
  });

  it('names the permission to grant when the provider answers 403', async () => {
    const p = provider(kind, (await start()).url);
    const forbidden = FORBIDDEN[kind];
    idp.failNext(
      403,
      { code: forbidden.code, message: 'Insufficient privileges to complete the operation.' },
      1,
      /sessions$|revokeSignInSessions$/i,
    );
    const error = await p.revokeSessions(name).catch((e: Error) => e);
    expect(error).toMatchObject({ name: 'PermissionDenied' });
    expect((error as Error).message).toMatch(forbidden.permission);
    expect((error as Error).message).toContain(forbidden.code);
  });

  it('names the provider unavailable when it refuses connections', async () => {
    const sleeps: number[] = [];
    const p = provider(kind, await closedUrl(), sleeps);
    await expect(p.revokeSessions(name)).rejects.toMatchObject({
      name: 'ProviderUnavailable',
      message: expect.stringContaining(`${kind} is unavailable`),
    });
    expect(sleeps.length).toBe(3);
  });

  it('names the provider unavailable when it keeps answering 5xx', async () => {
    const p = provider(kind, (await start()).url);
    await p.getState(name);
    idp.failNext(503, { code: 'ServiceUnavailable', message: 'try later' }, 10);
    await expect(p.revokeSessions(name)).rejects.toMatchObject({
      name: 'ProviderUnavailable',
      message: expect.stringContaining('503'),
    });
  });
});

describe('credentials', () => {
  it('sends the secret only to the provider, and a wrong client secret is PermissionDenied', async () => {
    const idp = await startFakeIdp('entra', [fakeUser('u1', 'alice@example.com')]);
    try {
      await provider('entra', idp.url).getState('alice@example.com');
      const token = idp.requests.find((r) => r.path.endsWith('/oauth2/v2.0/token'));
      expect(token?.body).toMatchObject({ grant_type: 'client_credentials', client_id: 'client' });
      expect(
        idp.requests
          .filter((r) => r.path.startsWith('/v1.0'))
          .every((r) => r.authorization === 'Bearer issued-access-token'),
      ).toBe(true);
      await expect(
        provider('entra', idp.url, [], 'wrong').getState('alice@example.com'),
      ).rejects.toMatchObject({
        name: 'PermissionDenied',
        message: expect.stringContaining('invalid_client'),
      });
    } finally {
      await idp.close();
    }
  });

  it('sends Okta an SSWS token and asks it to revoke OAuth tokens with the sessions', async () => {
    const idp = await startFakeIdp('okta', [fakeUser('00u1', 'alice@example.com')]);
    try {
      await provider('okta', idp.url).revokeSessions('alice@example.com');
      expect(idp.requests.at(-1)).toMatchObject({
        method: 'DELETE',
        path: '/api/v1/users/00u1/sessions?oauthTokens=true',
        authorization: 'SSWS okta-token',
      });
    } finally {
      await idp.close();
    }
  });
});
