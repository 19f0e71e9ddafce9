import { Readable } from 'node:stream';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { CognitoIdentityProvider, temporaryPassword } from '../../lambdas/adapters/identity/cognito-aws.ts';

interface Recorded {
  target: string;
  body: Record<string, unknown>;
}

interface Canned {
  status: number;
  json: unknown;
}

function bodyText(body: unknown): string {
  // TextDecoder reads the bytes; Buffer.from would call the SDK's string adapter and log a warning.
  return typeof body === 'string' ? body : new TextDecoder().decode(body as Uint8Array);
}

/** A real SDK client whose HTTP layer records requests and answers with canned responses (no network). */
function fakeCognito(respond: (target: string) => Canned) {
  const requests: Recorded[] = [];
  const client = new CognitoIdentityProviderClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
    requestHandler: {
      async handle(request: { headers: Record<string, string>; body?: unknown }) {
        const target = request.headers['x-amz-target'] ?? '';
        requests.push({ target, body: JSON.parse(bodyText(request.body)) as Record<string, unknown> });
        const canned = respond(target);
        return {
          response: {
            statusCode: canned.status,
            headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'req-1' },
            body: Readable.from([Buffer.from(JSON.stringify(canned.json))]),
          },
        };
      },
    },
  });
  return { requests, provider: new CognitoIdentityProvider({ client, userPoolId: 'us-east-1_TEST' }) };
}

const ok: Canned = { status: 200, json: {} };
const notFound: Canned = {
  status: 400,
  json: { __type: 'UserNotFoundException', message: 'User does not exist.' },
};

function meetsDefaultPolicy(p: string): boolean {
  return p.length >= 12 && /[A-Z]/.test(p) && /[a-z]/.test(p) && /[0-9]/.test(p) && /[^A-Za-z0-9]/.test(p);
}

describe('CognitoIdentityProvider', () => {
  it('revokes with AdminUserGlobalSignOut', async () => {
    const { requests, provider } = fakeCognito(() => ok);
    await expect(provider.revokeSessions('alice')).resolves.toEqual({});
    expect(requests).toEqual([
      {
        target: 'AWSCognitoIdentityProviderService.AdminUserGlobalSignOut',
        body: { UserPoolId: 'us-east-1_TEST', Username: 'alice' },
      },
    ]);
  });

  it('forces a reset with a non-permanent strong temporary password', async () => {
    const { requests, provider } = fakeCognito(() => ok);
    await expect(provider.forcePasswordReset('alice')).resolves.toBeUndefined();
    expect(requests).toHaveLength(1);
    const [req] = requests;
    expect(req?.target).toBe('AWSCognitoIdentityProviderService.AdminSetUserPassword');
    expect(req?.body).toMatchObject({ UserPoolId: 'us-east-1_TEST', Username: 'alice', Permanent: false });
    expect(meetsDefaultPolicy(String(req?.body.Password))).toBe(true);
  });

  it('maps AdminGetUser and AdminListGroupsForUser to the account state', async () => {
    const { requests, provider } = fakeCognito((target) =>
      target.endsWith('AdminListGroupsForUser')
        ? { status: 200, json: { Groups: [{ GroupName: 'executives' }, { GroupName: 'staff' }] } }
        : { status: 200, json: { Username: 'alice', Enabled: false, UserStatus: 'FORCE_CHANGE_PASSWORD' } },
    );
    await expect(provider.getState('alice')).resolves.toEqual({
      user: 'alice',
      provider: 'cognito',
      exists: true,
      enabled: false,
      passwordStatus: 'FORCE_CHANGE_PASSWORD',
      groups: ['executives', 'staff'],
    });
    expect(requests.map((r) => r.target)).toEqual([
      'AWSCognitoIdentityProviderService.AdminGetUser',
      'AWSCognitoIdentityProviderService.AdminListGroupsForUser',
    ]);
    expect(requests[1]?.body).toMatchObject({ UserPoolId: 'us-east-1_TEST', Username: 'alice' });
  });

  it('disables with AdminDisableUser and undoes it with AdminEnableUser, only if it was enabled', async () => {
    const { requests, provider } = fakeCognito(() => ok);
    await provider.disable('alice');
    const prior = { user: 'alice', provider: 'cognito' as const, exists: true, enabled: true };
    await expect(provider.undo('disable', prior)).resolves.toBe('re-enabled alice');
    await expect(provider.undo('disable', { ...prior, enabled: false })).resolves.toMatch(/left disabled/);
    expect(requests.map((r) => [r.target.split('.')[1], r.body])).toEqual([
      ['AdminDisableUser', { UserPoolId: 'us-east-1_TEST', Username: 'alice' }],
      ['AdminEnableUser', { UserPoolId: 'us-east-1_TEST', Username: 'alice' }],
    ]);
    await expect(provider.undo('force-password-reset', prior)).rejects.toMatchObject({
      name: 'NotRestorable',
    });
  });

  it('surfaces UserNotFoundException by name, and as exists:false from getState', async () => {
    const { provider } = fakeCognito(() => notFound);
    await expect(provider.revokeSessions('ghost')).rejects.toMatchObject({
      name: 'UserNotFoundException',
      message: 'User does not exist.',
    });
    await expect(provider.getState('ghost')).resolves.toEqual({
      user: 'ghost',
      provider: 'cognito',
      exists: false,
    });
  });

  it('propagates other errors unchanged', async () => {
    const { provider } = fakeCognito(() => ({
      status: 400,
      json: { __type: 'NotAuthorizedException', message: 'nope' },
    }));
    await expect(provider.getState('alice')).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('generates distinct passwords that meet the policy', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = temporaryPassword();
      expect(meetsDefaultPolicy(p)).toBe(true);
      seen.add(p);
    }
    expect(seen.size).toBe(200);
  });
});
