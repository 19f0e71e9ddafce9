import { Readable } from 'node:stream';
import { IAMClient } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { IamProvider, REVOKE_POLICY } from '../../lambdas/adapters/identity/iam.ts';

const NOW = new Date('2026-11-20T03:30:00.000Z');

/** IAM's query-protocol answers: XML bodies, NoSuchEntity as a 404 error response. */
function xml(action: string, result = ''): { status: number; body: string } {
  return {
    status: 200,
    body: `<${action}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></${action}Response>`,
  };
}
const noSuchEntity = {
  status: 404,
  body: '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The user with name x cannot be found.</Message></Error><RequestId>r1</RequestId></ErrorResponse>',
};

/** A real IAM SDK client whose HTTP layer records the form-encoded requests and answers from `respond`. */
function fakeIam(respond: (action: string, params: URLSearchParams) => { status: number; body: string }) {
  const requests: Record<string, string>[] = [];
  const client = new IAMClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
    requestHandler: {
      async handle(request: { body?: unknown }) {
        const text =
          typeof request.body === 'string'
            ? request.body
            : new TextDecoder().decode(request.body as Uint8Array);
        const params = new URLSearchParams(text);
        requests.push(Object.fromEntries(params));
        const out = respond(params.get('Action') ?? '', params);
        return {
          response: {
            statusCode: out.status,
            headers: { 'content-type': 'text/xml' },
            body: Readable.from([Buffer.from(out.body)]),
          },
        };
      },
    },
  });
  const provider = new IamProvider({
    client,
    roles: { 'ci-deployer': 'DeployRole' },
    users: { bob: 'bob.smith' },
    now: () => NOW,
  });
  return { requests, provider };
}

const userAnswers = (action: string) => {
  if (action === 'GetUser')
    return xml(
      action,
      '<User><UserName>bob.smith</UserName><Arn>arn:aws:iam::1:user/bob.smith</Arn><UserId>AIDA1</UserId><Path>/</Path><CreateDate>2020-01-01T00:00:00Z</CreateDate></User>',
    );
  if (action === 'GetLoginProfile')
    return xml(
      action,
      '<LoginProfile><UserName>bob.smith</UserName><CreateDate>2020-01-01T00:00:00Z</CreateDate></LoginProfile>',
    );
  if (action === 'ListAccessKeys')
    return xml(
      action,
      '<AccessKeyMetadata><member><UserName>bob.smith</UserName><AccessKeyId>AKIA1</AccessKeyId><Status>Active</Status></member><member><UserName>bob.smith</UserName><AccessKeyId>AKIA2</AccessKeyId><Status>Inactive</Status></member></AccessKeyMetadata><IsTruncated>false</IsTruncated>',
    );
  if (action === 'ListGroupsForUser')
    return xml(
      action,
      '<Groups><member><GroupName>administrators</GroupName><GroupId>G1</GroupId><Arn>arn:aws:iam::1:group/administrators</Arn><Path>/</Path><CreateDate>2020-01-01T00:00:00Z</CreateDate></member></Groups><IsTruncated>false</IsTruncated>',
    );
  if (action === 'GetUserPolicy' || action === 'GetRolePolicy') return noSuchEntity;
  if (action === 'GetRole')
    return xml(
      action,
      '<Role><RoleName>DeployRole</RoleName><Arn>arn:aws:iam::1:role/DeployRole</Arn><RoleId>AROA1</RoleId><Path>/</Path><CreateDate>2020-01-01T00:00:00Z</CreateDate></Role>',
    );
  return xml(action);
};

describe('IamProvider', () => {
  it("revokes a role's sessions with a deny-all policy on aws:TokenIssueTime, and undo removes it", async () => {
    const { requests, provider } = fakeIam(userAnswers);
    const prior = await provider.getState('ci-deployer');
    expect(prior).toMatchObject({ exists: true, supports: ['revoke-sessions'] });
    await provider.revokeSessions('ci-deployer');
    const put = requests.find((r) => r.Action === 'PutRolePolicy');
    expect(put).toMatchObject({ RoleName: 'DeployRole', PolicyName: REVOKE_POLICY });
    expect(JSON.parse(put?.PolicyDocument ?? '{}')).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { DateLessThan: { 'aws:TokenIssueTime': NOW.toISOString() } },
        },
      ],
    });
    await expect(provider.undo('revoke-sessions', prior)).resolves.toMatch(/removed/);
    expect(requests.at(-1)).toMatchObject({
      Action: 'DeleteRolePolicy',
      RoleName: 'DeployRole',
      PolicyName: REVOKE_POLICY,
    });
  });

  it("records a user's console password, keys and groups, disables both, and undo reactivates only the keys that were active", async () => {
    const { requests, provider } = fakeIam(userAnswers);
    const prior = await provider.getState('bob');
    expect(prior).toMatchObject({
      enabled: true,
      passwordStatus: 'CONSOLE_PASSWORD',
      groups: ['administrators'],
    });
    requests.length = 0;
    await provider.disable('bob');
    expect(requests.map((r) => [r.Action, r.AccessKeyId, r.Status].filter(Boolean))).toEqual([
      ['DeleteLoginProfile'],
      ['ListAccessKeys'],
      ['UpdateAccessKey', 'AKIA1', 'Inactive'],
    ]);
    requests.length = 0;
    const said = await provider.undo('disable', prior);
    expect(requests).toEqual([
      expect.objectContaining({ Action: 'UpdateAccessKey', AccessKeyId: 'AKIA1', Status: 'Active' }),
    ]);
    expect(said).toMatch(/cannot be restored: create a new one with aws iam create-login-profile/);
  });

  it("replaces a user's console password with one that must be reset, and refuses it for a role", async () => {
    const { requests, provider } = fakeIam(userAnswers);
    await provider.forcePasswordReset('bob');
    expect(requests.at(-1)).toMatchObject({
      Action: 'UpdateLoginProfile',
      UserName: 'bob.smith',
      PasswordResetRequired: 'true',
    });
    expect(requests.at(-1)?.Password).toHaveLength(24);
    await expect(provider.forcePasswordReset('ci-deployer')).rejects.toMatchObject({ name: 'NotSupported' });
  });

  it('says an unmapped account has no IAM principal, and names a mapped one that is gone', async () => {
    const { provider } = fakeIam((action) => (action === 'GetUser' ? noSuchEntity : xml(action)));
    await expect(provider.getState('carol')).resolves.toEqual({
      user: 'carol',
      provider: 'iam',
      exists: false,
    });
    await expect(provider.getState('bob')).rejects.toMatchObject({
      name: 'UnknownUser',
      message: expect.stringContaining('bob.smith'),
    });
  });
});
