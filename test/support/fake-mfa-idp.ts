import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SECRET } from './fake-idp.ts';

/** A user as the MFA endpoints see it. */
export interface MfaUser {
  id: string;
  mfa: boolean;
  admin: boolean;
}

export interface FakeMfaIdp {
  url: string;
  /** Entra: Conditional Access policies by id (state); Okta: policy rules by id (status). */
  policies: Map<string, string>;
  users: MfaUser[];
  requests: { method: string; path: string; body?: unknown }[];
  close(): Promise<void>;
}

/**
 * A local server answering the documented MFA endpoints: Microsoft Graph's Conditional Access policies
 * (GET/PATCH /v1.0/identity/conditionalAccess/policies/{id}) and userRegistrationDetails report (paged by
 * @odata.nextLink), or Okta's policy rules (GET, lifecycle/activate|deactivate), users (paged by the Link
 * header), users' factors and a group's users. Two items a page, so paging is exercised.
 */
export async function startFakeMfaIdp(
  kind: 'entra' | 'okta',
  seed: { policies: Record<string, string>; users: MfaUser[] },
): Promise<FakeMfaIdp> {
  const policies = new Map(Object.entries(seed.policies));
  const users = seed.users.map((u) => ({ ...u }));
  const requests: FakeMfaIdp['requests'] = [];
  let base = '';
  const page = <T>(items: T[], from: number) => ({
    items: items.slice(from, from + 2),
    next: from + 2 < items.length ? from + 2 : undefined,
  });
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString();
    const url = new URL(req.url ?? '/', 'http://fake');
    const body = text
      ? req.headers['content-type']?.includes('form')
        ? Object.fromEntries(new URLSearchParams(text))
        : JSON.parse(text)
      : undefined;
    requests.push({ method: req.method ?? '', path: `${url.pathname}${url.search}`, body });
    const reply = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(payload === undefined ? '' : JSON.stringify(payload));
    };
    const p = url.pathname;
    if (kind === 'entra') {
      if (/\/oauth2\/v2\.0\/token$/.test(p))
        return (body as Record<string, string>).client_secret === SECRET.clientSecret
          ? reply(200, { token_type: 'Bearer', expires_in: 3599, access_token: 'mfa-token' })
          : reply(401, { error: 'invalid_client', error_description: 'AADSTS7000215' });
      if (req.headers.authorization !== 'Bearer mfa-token')
        return reply(401, { error: { code: 'InvalidAuthenticationToken', message: 'no token' } });
      const policy = p.match(/^\/v1\.0\/identity\/conditionalAccess\/policies\/([^/]+)$/);
      if (policy) {
        const id = decodeURIComponent(policy[1] as string);
        if (!policies.has(id))
          return reply(404, { error: { code: 'ResourceNotFound', message: `policy ${id}` } });
        if (req.method === 'GET') return reply(200, { id, displayName: id, state: policies.get(id) });
        if (req.method === 'PATCH') {
          policies.set(id, (body as { state: string }).state);
          return reply(204);
        }
      }
      if (p === '/v1.0/reports/authenticationMethods/userRegistrationDetails' && req.method === 'GET') {
        const { items, next } = page(users, Number(url.searchParams.get('$skiptoken') ?? 0));
        return reply(200, {
          value: items.map((u) => ({
            id: u.id,
            userPrincipalName: `${u.id}@example.com`,
            isMfaRegistered: u.mfa,
            isAdmin: u.admin,
          })),
          ...(next !== undefined ? { '@odata.nextLink': `${base}${p}?$skiptoken=${next}` } : {}),
        });
      }
      return reply(404, {
        error: { code: 'Request_ResourceNotFound', message: `no route ${req.method} ${p}` },
      });
    }
    if (req.headers.authorization !== `SSWS ${SECRET.apiToken}`)
      return reply(401, { errorCode: 'E0000011', errorSummary: 'Invalid token provided' });
    const m = p.match(/^\/api\/v1\/policies\/([^/]+)\/rules\/([^/]+)(\/lifecycle\/(activate|deactivate))?$/);
    if (m) {
      const id = m[2] as string;
      if (!policies.has(id)) return reply(404, { errorCode: 'E0000007', errorSummary: `Not found: ${id}` });
      if (req.method === 'GET' && !m[3]) return reply(200, { id, status: policies.get(id), type: 'SIGN_ON' });
      if (req.method === 'POST' && m[4]) {
        policies.set(id, m[4] === 'activate' ? 'ACTIVE' : 'INACTIVE');
        return reply(204);
      }
    }
    const paged = (items: MfaUser[]) => {
      const { items: slice, next } = page(items, Number(url.searchParams.get('after') ?? 0));
      const link: Record<string, string> =
        next !== undefined ? { link: `<${base}${p}?limit=2&after=${next}>; rel="next"` } : {};
      return reply(
        200,
        slice.map((u) => ({ id: u.id, status: 'ACTIVE', profile: { login: `${u.id}@example.com` } })),
        link,
      );
    };
    if (p === '/api/v1/users' && req.method === 'GET') return paged(users);
    if (/^\/api\/v1\/groups\/[^/]+\/users$/.test(p)) return paged(users.filter((u) => u.admin));
    const factors = p.match(/^\/api\/v1\/users\/([^/]+)\/factors$/);
    if (factors) {
      const u = users.find((x) => x.id === factors[1]);
      return u
        ? reply(200, u.mfa ? [{ id: 'f1', factorType: 'token:software:totp', status: 'ACTIVE' }] : [])
        : reply(404, { errorCode: 'E0000007', errorSummary: 'Not found' });
    }
    reply(404, { errorCode: 'E0000022', errorSummary: `no route ${req.method} ${p}` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: base, policies, users, requests, close: () => new Promise((r) => server.close(() => r())) };
}
