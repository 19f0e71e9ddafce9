import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { userInfo } from 'node:os';
import { type ConsoleIdentity, handleConsoleRequest, RESPONDERS } from '../../lambdas/console/routes.ts';
import type { RiposteConfig } from '../../lambdas/core/config.ts';
import { buildConsoleAssets, contentSecurityPolicy } from './assets.ts';
import { localBackend } from './local-backend.ts';
import { LocalState, StateBusyError } from './local-state.ts';

export interface ConsoleServerOptions {
  stateDir: string;
  config: RiposteConfig;
  port?: number;
  /** Who acts from this console (default: the local user). */
  by?: string;
}

export interface ConsoleServer {
  /** The URL to open, with its one-time token. */
  url: string;
  port: number;
  firstViewGzipBytes: number;
  state: LocalState;
  close(): Promise<void>;
}

const COOKIE = 'riposte_console';
const MAX_BODY = 256 * 1024;

const SECURITY_HEADERS = {
  'content-security-policy': contentSecurityPolicy(),
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/**
 * `riposte console`: the console over the local state folder, on 127.0.0.1 only. The printed URL carries a
 * one-time token; the first visit trades it for a session cookie (HttpOnly, SameSite=Strict) and drops it
 * from the address bar. Every API call needs that cookie, a Host of this server and, to change anything,
 * an Origin of this server.
 */
export async function startConsoleServer(options: ConsoleServerOptions): Promise<ConsoleServer> {
  const assets = await buildConsoleAssets();
  const state = new LocalState(options.stateDir, options.config);
  state.prepare();
  let token: string | undefined = randomBytes(24).toString('base64url');
  const session = randomBytes(32).toString('base64url');
  const identity: ConsoleIdentity = {
    name: options.by ?? `local/${userInfo().username}`,
    groups: [RESPONDERS],
  };
  const streams = new Set<ServerResponse>();
  state.onChange(() => {
    for (const stream of streams) stream.write(`event: change\ndata: ${Date.now()}\n\n`);
  });

  const server: Server = createServer((req, res) => {
    serve(req, res).catch((error: Error) => send(res, 500, { error: error.message }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  async function serve(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', origin);
    // Another site's page resolving a name to 127.0.0.1 (DNS rebinding) sends its own Host.
    if (!hosts.has(req.headers.host ?? '')) return send(res, 421, { error: 'unknown host' });
    if (url.pathname === '/' && url.searchParams.has('token')) {
      const offered = url.searchParams.get('token') ?? '';
      if (!token || !same(offered, token))
        return sendText(
          res,
          401,
          'This console link was used already. Restart `npx riposte console` for a new one.',
        );
      token = undefined;
      res.writeHead(303, {
        location: '/',
        'set-cookie': `${COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/`,
        ...SECURITY_HEADERS,
      });
      return res.end();
    }
    const signedIn = same(cookie(req, COOKIE) ?? '', session);
    const asset = assets.files.get(url.pathname);
    if (asset && req.method === 'GET') {
      if (!signedIn && url.pathname === '/')
        return sendText(
          res,
          401,
          'Open the URL `npx riposte console` printed (it carries a one-time token).',
        );
      res.writeHead(200, { 'content-type': asset[0], ...SECURITY_HEADERS });
      return res.end(asset[1]);
    }
    if (!url.pathname.startsWith('/api/')) return send(res, 404, { error: 'not found' });
    if (!signedIn) return send(res, 401, { error: 'not signed in: open the URL the console printed' });
    if (req.method !== 'GET' && req.headers.origin !== origin)
      return send(res, 403, { error: 'cross-origin request refused' });
    if (url.pathname === '/api/events') return openStream(req, res);
    const body = req.method === 'POST' ? await readJson(req) : undefined;
    if (body instanceof Error) return send(res, 400, { error: body.message });
    try {
      const response = await state.use((runtime) =>
        handleConsoleRequest(
          {
            method: req.method ?? 'GET',
            path: url.pathname.slice('/api'.length),
            query: Object.fromEntries(url.searchParams),
            body,
          },
          identity,
          localBackend(runtime, state),
        ),
      );
      return send(res, response.status, response.body);
    } catch (error) {
      if (error instanceof StateBusyError) return send(res, 503, { error: error.message, busy: true });
      throw error;
    }
  }

  function openStream(req: IncomingMessage, res: ServerResponse) {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      connection: 'keep-alive',
      ...SECURITY_HEADERS,
    });
    res.write('retry: 2000\n\n');
    streams.add(res);
    req.on('close', () => streams.delete(res));
  }

  return {
    url: `${origin}/?token=${token}`,
    port,
    firstViewGzipBytes: assets.firstViewGzipBytes,
    state,
    close: async () => {
      for (const stream of streams) stream.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await state.close();
    },
  };
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return new Error(`request body over ${MAX_BODY} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
  } catch {
    return new Error('request body is not JSON');
  }
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...SECURITY_HEADERS });
  res.end(JSON.stringify(body));
}

function sendText(res: ServerResponse, status: number, text: string) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
  res.end(text);
}
