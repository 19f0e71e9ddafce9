import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An account as the fake providers keep it. */
export interface FakeUser {
  id: string;
  login: string;
  enabled: boolean;
  /** Okta PASSWORD_EXPIRED, Entra forceChangePasswordNextSignIn, Auth0 a replaced password. */
  mustChangePassword: boolean;
  sessions: number;
  groups: string[];
}

export type FakeKind = 'okta' | 'entra' | 'auth0';

export interface FakeIdp {
  /** Base URL: the Okta org, the Auth0 tenant, or (Entra) the login host; Graph is at `${url}/v1.0`. */
  url: string;
  users: Map<string, FakeUser>;
  requests: { method: string; path: string; authorization?: string; body?: unknown }[];
  /** The next `times` API calls (whose path matches `only`, if given) answer this status with the provider's documented error body. */
  failNext(
    status: number,
    error: { code: string; message: string; headers?: Record<string, string> },
    times?: number,
    only?: RegExp,
  ): void;
  close(): Promise<void>;
}

export const SECRET = { apiToken: 'okta-token', clientId: 'client', clientSecret: 'client-secret' };
const ISSUED = 'issued-access-token';

/** Each provider's documented error body. */
function errorBody(kind: FakeKind, status: number, code: string, message: string): unknown {
  if (kind === 'okta')
    return { errorCode: code, errorSummary: message, errorLink: code, errorId: 'oae1', errorCauses: [] };
  if (kind === 'entra') return { error: { code, message, innerError: { 'request-id': 'r1' } } };
  return {
    statusCode: status,
    error: status === 404 ? 'Not Found' : status === 403 ? 'Forbidden' : 'Error',
    message,
    errorCode: code,
  };
}

type Route = (
  m: RegExpMatchArray,
  req: { method: string; body: unknown; query: URLSearchParams },
) => [number, unknown?];

/**
 * A local HTTP server answering the documented user endpoints of Okta, Microsoft Graph (with the
 * client-credentials token endpoint) or the Auth0 Management API, with their status codes and error bodies.
 */
export async function startFakeIdp(kind: FakeKind, seed: FakeUser[]): Promise<FakeIdp> {
  const users = new Map(seed.map((u) => [u.id, { ...u }]));
  const byLogin = (login: string) => [...users.values()].find((u) => u.login === login || u.id === login);
  const faults: {
    status: number;
    body: unknown;
    headers: Record<string, string>;
    times: number;
    only?: RegExp;
  }[] = [];
  const requests: FakeIdp['requests'] = [];
  const notFound = (): [number, unknown] => [
    404,
    errorBody(
      kind,
      404,
      kind === 'okta' ? 'E0000007' : kind === 'entra' ? 'Request_ResourceNotFound' : 'inexistent_user',
      'Not found: user',
    ),
  ];
  const change = (u: FakeUser, patch: Partial<FakeUser>, reply: [number, unknown?]) => {
    Object.assign(u, patch);
    return reply;
  };
  const withUser = (login: string, act: (u: FakeUser) => [number, unknown?]): [number, unknown?] => {
    const u = byLogin(decodeURIComponent(login));
    return u ? act(u) : notFound();
  };
  const routes: Record<FakeKind, [string, RegExp, Route][]> = {
    okta: [
      [
        'GET',
        /^\/api\/v1\/users\/([^/]+)$/,
        (m) =>
          withUser(m[1] as string, (u) => [
            200,
            {
              id: u.id,
              status: u.enabled ? (u.mustChangePassword ? 'PASSWORD_EXPIRED' : 'ACTIVE') : 'SUSPENDED',
              profile: { login: u.login },
            },
          ]),
      ],
      [
        'GET',
        /^\/api\/v1\/users\/([^/]+)\/groups$/,
        (m) =>
          withUser(m[1] as string, (u) => [
            200,
            u.groups.map((name) => ({ id: `g-${name}`, profile: { name } })),
          ]),
      ],
      [
        'DELETE',
        /^\/api\/v1\/users\/([^/]+)\/sessions$/,
        (m) => withUser(m[1] as string, (u) => change(u, { sessions: 0 }, [204])),
      ],
      [
        'POST',
        /^\/api\/v1\/users\/([^/]+)\/lifecycle\/expire_password$/,
        (m) =>
          withUser(m[1] as string, (u) =>
            change(u, { mustChangePassword: true }, [200, { id: u.id, status: 'PASSWORD_EXPIRED' }]),
          ),
      ],
      [
        'POST',
        /^\/api\/v1\/users\/([^/]+)\/lifecycle\/suspend$/,
        (m) =>
          withUser(m[1] as string, (u) =>
            u.enabled
              ? change(u, { enabled: false }, [200, {}])
              : [
                  400,
                  errorBody(
                    'okta',
                    400,
                    'E0000001',
                    'Api validation failed: Cannot suspend a user that is not active',
                  ),
                ],
          ),
      ],
      [
        'POST',
        /^\/api\/v1\/users\/([^/]+)\/lifecycle\/unsuspend$/,
        (m) => withUser(m[1] as string, (u) => change(u, { enabled: true }, [200, {}])),
      ],
    ],
    entra: [
      [
        'POST',
        /^\/[^/]+\/oauth2\/v2\.0\/token$/,
        (_m, r) => {
          const f = r.body as Record<string, string>;
          return f.client_secret === SECRET.clientSecret && f.grant_type === 'client_credentials'
            ? [200, { token_type: 'Bearer', expires_in: 3599, access_token: ISSUED }]
            : [
                401,
                {
                  error: 'invalid_client',
                  error_description: 'AADSTS7000215: Invalid client secret provided.',
                },
              ];
        },
      ],
      [
        'GET',
        /^\/v1\.0\/users\/([^/]+)$/,
        (m) =>
          withUser(m[1] as string, (u) => [
            200,
            { id: u.id, userPrincipalName: u.login, accountEnabled: u.enabled, passwordProfile: null },
          ]),
      ],
      [
        'GET',
        /^\/v1\.0\/users\/([^/]+)\/memberOf$/,
        (m) =>
          withUser(m[1] as string, (u) => [
            200,
            {
              value: u.groups.map((displayName) => ({
                '@odata.type': '#microsoft.graph.group',
                displayName,
              })),
            },
          ]),
      ],
      [
        'POST',
        /^\/v1\.0\/users\/([^/]+)\/revokeSignInSessions$/,
        (m) => withUser(m[1] as string, (u) => change(u, { sessions: 0 }, [200, { value: true }])),
      ],
      [
        'PATCH',
        /^\/v1\.0\/users\/([^/]+)$/,
        (m, r) =>
          withUser(m[1] as string, (u) => {
            const b = r.body as {
              accountEnabled?: boolean;
              passwordProfile?: { forceChangePasswordNextSignIn?: boolean };
            };
            if (b.accountEnabled !== undefined) u.enabled = b.accountEnabled;
            if (b.passwordProfile?.forceChangePasswordNextSignIn !== undefined)
              u.mustChangePassword = b.passwordProfile.forceChangePasswordNextSignIn;
            return [204];
          }),
      ],
    ],
    auth0: [
      [
        'POST',
        /^\/oauth\/token$/,
        (_m, r) => {
          const b = r.body as Record<string, string>;
          return b.client_secret === SECRET.clientSecret
            ? [200, { access_token: ISSUED, token_type: 'Bearer', expires_in: 86400 }]
            : [401, { error: 'access_denied', error_description: 'Unauthorized' }];
        },
      ],
      [
        'GET',
        /^\/api\/v2\/users-by-email$/,
        (_m, r) => [
          200,
          [...users.values()]
            .filter((u) => u.login === r.query.get('email'))
            .map((u) => ({ user_id: u.id, email: u.login, blocked: !u.enabled })),
        ],
      ],
      [
        'GET',
        /^\/api\/v2\/users\/([^/]+)$/,
        (m) =>
          withUser(m[1] as string, (u) => [
            200,
            { user_id: u.id, email: u.login, ...(u.enabled ? {} : { blocked: true }) },
          ]),
      ],
      [
        'GET',
        /^\/api\/v2\/users\/([^/]+)\/roles$/,
        (m) => withUser(m[1] as string, (u) => [200, u.groups.map((name) => ({ id: `rol_${name}`, name }))]),
      ],
      [
        'DELETE',
        /^\/api\/v2\/users\/([^/]+)\/sessions$/,
        (m) => withUser(m[1] as string, (u) => change(u, { sessions: 0 }, [202])),
      ],
      ['DELETE', /^\/api\/v2\/users\/([^/]+)\/refresh-tokens$/, (m) => withUser(m[1] as string, () => [202])],
      [
        'PATCH',
        /^\/api\/v2\/users\/([^/]+)$/,
        (m, r) =>
          withUser(m[1] as string, (u) => {
            const b = r.body as { blocked?: boolean; password?: string };
            if (b.blocked !== undefined) u.enabled = !b.blocked;
            if (b.password) u.mustChangePassword = true;
            return [200, { user_id: u.id }];
          }),
      ],
    ],
  };
  const authorized = (req: IncomingMessage, path: string) => {
    if (kind === 'okta') return req.headers.authorization === `SSWS ${SECRET.apiToken}`;
    if (/oauth/.test(path)) return true;
    return req.headers.authorization === `Bearer ${ISSUED}`;
  };
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString();
    const url = new URL(req.url ?? '/', 'http://fake');
    const body = text
      ? req.headers['content-type']?.includes('form')
        ? Object.fromEntries(new URLSearchParams(text))
        : JSON.parse(text)
      : undefined;
    requests.push({
      method: req.method ?? '',
      path: `${url.pathname}${url.search}`,
      authorization: req.headers.authorization,
      body,
    });
    const reply = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(payload === undefined ? '' : JSON.stringify(payload));
    };
    const isToken = /oauth/.test(url.pathname);
    const fault = isToken ? undefined : faults.find((f) => !f.only || f.only.test(url.pathname));
    if (fault) {
      if (--fault.times <= 0) faults.splice(faults.indexOf(fault), 1);
      return reply(fault.status, fault.body, fault.headers);
    }
    if (!authorized(req, url.pathname))
      return reply(
        401,
        errorBody(
          kind,
          401,
          kind === 'okta' ? 'E0000011' : 'InvalidAuthenticationToken',
          'Invalid token provided',
        ),
      );
    for (const [method, pattern, route] of routes[kind]) {
      const m = url.pathname.match(pattern);
      if (m && method === req.method) {
        const [status, payload] = route(m, { method, body, query: url.searchParams });
        return reply(status, payload);
      }
    }
    reply(404, errorBody(kind, 404, 'E0000022', `no route ${req.method} ${url.pathname}`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    users,
    requests,
    failNext(status, { code, message, headers = {} }, times = 1, only) {
      faults.push({ status, body: errorBody(kind, status, code, message), headers, times, only });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A URL nothing listens on: connections are refused, as with a provider that is down. */
export async function closedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

export function fakeUser(id: string, login: string, extra: Partial<FakeUser> = {}): FakeUser {
  return { id, login, enabled: true, mustChangePassword: false, sessions: 2, groups: [], ...extra };
}
