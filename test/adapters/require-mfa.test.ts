import { Readable } from 'node:stream';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalParameterStore } from '../../lambdas/adapters/parameters/local.ts';
import { AwsCognitoMfaApi, CognitoMfaEnforcer } from '../../lambdas/adapters/posture/mfa-cognito.ts';
import { EntraMfaEnforcer } from '../../lambdas/adapters/posture/mfa-entra.ts';
import { OktaMfaEnforcer } from '../../lambdas/adapters/posture/mfa-okta.ts';
import { LocalSecrets } from '../../lambdas/adapters/secrets/local.ts';
import { offlineClient } from '../support/aws-sdk.ts';
import { SECRET } from '../support/fake-idp.ts';
import { type FakeMfaIdp, startFakeMfaIdp } from '../support/fake-mfa-idp.ts';

const servers: FakeMfaIdp[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));
const secrets = new LocalSecrets({ idp: SECRET });
const http = { secrets, secretId: 'idp', sleep: async () => {}, now: () => Date.now() };
const users = [
  { id: 'u1', mfa: true, admin: true },
  { id: 'u2', mfa: false, admin: true },
  { id: 'u3', mfa: true, admin: false },
  { id: 'u4', mfa: true, admin: false },
  { id: 'u5', mfa: false, admin: false },
];

describe('require-mfa on Microsoft Entra ID (Graph)', () => {
  it('switches the admins policy, then everyone’s, from report-only to on, and puts each prior state back', async () => {
    const idp = await startFakeMfaIdp('entra', {
      policies: { 'ca-admins': 'enabledForReportingButNotEnforced', 'ca-all': 'disabled' },
      users,
    });
    servers.push(idp);
    const entra = new EntraMfaEnforcer({
      ...http,
      tenantId: 'contoso',
      graphUrl: `${idp.url}/v1.0`,
      loginUrl: idp.url,
      parameters: new LocalParameterStore(),
      adminsPolicyId: 'ca-admins',
      everyonePolicyId: 'ca-all',
    });
    expect(await entra.read()).toBe('off');
    await entra.apply('all');
    const patches = idp.requests.filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => [r.path, r.body])).toEqual([
      ['/v1.0/identity/conditionalAccess/policies/ca-admins', { state: 'enabled' }],
      ['/v1.0/identity/conditionalAccess/policies/ca-all', { state: 'enabled' }],
    ]);
    expect(await entra.read()).toBe('all');
    await entra.apply('admins');
    expect(Object.fromEntries(idp.policies)).toEqual({ 'ca-admins': 'enabled', 'ca-all': 'disabled' });
    await entra.apply('off');
    expect(Object.fromEntries(idp.policies)).toEqual({
      'ca-admins': 'enabledForReportingButNotEnforced',
      'ca-all': 'disabled',
    });
    expect(await entra.enrollment()).toEqual({
      provider: 'entra',
      users: 5,
      enrolled: 3,
      admins: 2,
      adminsEnrolled: 1,
    });
    expect(idp.requests.filter((r) => r.path.includes('userRegistrationDetails'))).toHaveLength(3);
  });
});

describe('require-mfa on Okta', () => {
  it('activates the admins rule, then everyone’s, deactivates them back, and counts factors over every page', async () => {
    const idp = await startFakeMfaIdp('okta', {
      policies: { 'rule-admins': 'INACTIVE', 'rule-all': 'INACTIVE' },
      users,
    });
    servers.push(idp);
    const okta = new OktaMfaEnforcer({
      ...http,
      baseUrl: idp.url,
      parameters: new LocalParameterStore(),
      policyId: 'pol1',
      adminsRuleId: 'rule-admins',
      everyoneRuleId: 'rule-all',
      adminGroupId: 'g-admins',
    });
    await okta.apply('admins');
    expect(idp.requests.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual([
      '/api/v1/policies/pol1/rules/rule-admins/lifecycle/activate',
    ]);
    expect(await okta.read()).toBe('admins');
    await okta.apply('all');
    await okta.apply('off');
    expect(Object.fromEntries(idp.policies)).toEqual({ 'rule-admins': 'INACTIVE', 'rule-all': 'INACTIVE' });
    expect(await okta.enrollment()).toEqual({
      provider: 'okta',
      users: 5,
      enrolled: 3,
      admins: 2,
      adminsEnrolled: 1,
    });
    expect(idp.requests.filter((r) => r.path.startsWith('/api/v1/users?')).map((r) => r.path)).toEqual([
      '/api/v1/users?limit=200',
      '/api/v1/users?limit=2&after=2',
      '/api/v1/users?limit=2&after=4',
    ]);
  });
});

describe('require-mfa on Cognito (threat protection)', () => {
  it('sets MFA_REQUIRED at the configured levels on the admin client, then pool-wide, and restores the prior actions', async () => {
    const prior = {
      NotifyConfiguration: { SourceArn: 'arn:aws:ses:us-east-1:123456789012:identity/example.com' },
      Actions: {
        LowAction: { Notify: false, EventAction: 'NO_ACTION' },
        MediumAction: { Notify: true, EventAction: 'MFA_IF_CONFIGURED' },
        HighAction: { Notify: true, EventAction: 'BLOCK' },
      },
    };
    const stored: Record<string, unknown> = {
      pool: { UserPoolId: 'us-east-1_Pool', AccountTakeoverRiskConfiguration: prior },
    };
    const seen: { target: string; body: Record<string, unknown> }[] = [];
    const client = new CognitoIdentityProviderClient({
      ...offlineClient,
      requestHandler: {
        handle: async (request: { headers: Record<string, string>; body?: unknown }) => {
          const target = String(request.headers['x-amz-target']).split('.').pop() ?? '';
          const body = JSON.parse(String(request.body));
          seen.push({ target, body });
          const key = body.ClientId ? `client:${body.ClientId}` : 'pool';
          let answer: unknown = {};
          if (target === 'DescribeRiskConfiguration')
            answer = { RiskConfiguration: stored[key] ?? stored.pool };
          if (target === 'SetRiskConfiguration') {
            const { UserPoolId, ClientId, ...config } = body;
            stored[key] = { UserPoolId, ...(ClientId ? { ClientId } : {}), ...config };
            answer = { RiskConfiguration: stored[key] };
          }
          return {
            response: {
              statusCode: 200,
              headers: { 'content-type': 'application/x-amz-json-1.1' },
              body: Readable.from([Buffer.from(JSON.stringify(answer))]),
            },
          };
        },
      },
    });
    const cognito = new CognitoMfaEnforcer({
      api: new AwsCognitoMfaApi(client, 'us-east-1_Pool'),
      parameters: new LocalParameterStore(),
      riskLevels: ['MEDIUM', 'HIGH'],
      adminClientId: 'admin-app',
      adminGroups: ['administrators'],
    });
    expect(await cognito.read()).toBe('off');
    await cognito.apply('all');
    const sets = seen.filter((s) => s.target === 'SetRiskConfiguration');
    expect(sets.map((s) => s.body.ClientId ?? 'pool')).toEqual(['admin-app', 'pool']);
    expect(sets[1]?.body).toMatchObject({
      UserPoolId: 'us-east-1_Pool',
      AccountTakeoverRiskConfiguration: {
        NotifyConfiguration: prior.NotifyConfiguration,
        Actions: {
          LowAction: { Notify: false, EventAction: 'NO_ACTION' },
          MediumAction: { Notify: true, EventAction: 'MFA_REQUIRED' },
          HighAction: { Notify: true, EventAction: 'MFA_REQUIRED' },
        },
      },
    });
    expect(await cognito.read()).toBe('all');
    await cognito.apply('admins');
    expect(await cognito.read()).toBe('admins');
    await cognito.apply('off');
    expect(
      (stored.pool as { AccountTakeoverRiskConfiguration: unknown }).AccountTakeoverRiskConfiguration,
    ).toEqual(prior);
    expect(await cognito.read()).toBe('off');
  });
});
