import { NamedError } from '../named-error.ts';
import { permissionDenied, providerUnavailable, unknownUser } from './errors.ts';

export interface HttpProviderOptions {
  /** Waits between retries; injected so tests and the local runtime do not sleep for real. */
  sleep: (ms: number) => Promise<void>;
  now?: () => number;
  /** Attempts for a rate-limited or failing request before it is named unavailable. */
  attempts?: number;
}

export interface Request {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Form-encoded body (OAuth token requests). */
  form?: Record<string, string>;
  /** The account the request is about: a 404 then means it has no account. */
  user?: string;
  /** What the credentials must be granted for this request, named when the provider answers 403. */
  permission: string;
}

/** Longest a provider may ask us to wait before we call it unavailable instead (the contain step has 5 minutes). */
const MAX_WAIT_MS = 30_000;

/**
 * One JSON request to an identity provider with the failure handling every provider shares: 429 waits
 * as Retry-After or X-Rate-Limit-Reset says and tries again; 5xx and refused connections try again, then
 * ProviderUnavailable; 404 is UnknownUser; 403 is PermissionDenied naming the permission to grant.
 */
export async function send<T>(
  provider: string,
  describe: (body: unknown) => string,
  options: HttpProviderOptions,
  request: Request,
): Promise<T> {
  return (await exchange<T>(provider, describe, options, request)).body;
}

/** `send`, keeping the response headers too (Okta pages with a Link header). */
export async function exchange<T>(
  provider: string,
  describe: (body: unknown) => string,
  options: HttpProviderOptions,
  request: Request,
): Promise<{ body: T; headers: Headers }> {
  const attempts = options.attempts ?? 4;
  const now = options.now ?? Date.now;
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(request.url, {
        method: request.method,
        headers: {
          accept: 'application/json',
          ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(request.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          ...request.headers,
        },
        body: request.form
          ? new URLSearchParams(request.form).toString()
          : request.body !== undefined
            ? JSON.stringify(request.body)
            : undefined,
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      if (attempt < attempts) {
        await options.sleep(backoff(attempt));
        continue;
      }
      throw providerUnavailable(provider, `${request.method} ${path(request.url)}: ${cause}`);
    }
    const text = await response.text();
    const body = parse(text);
    if (response.ok) return { body: body as T, headers: response.headers };
    const detail = `${response.status} ${describe(body)}`;
    if (response.status === 429 || response.status >= 500) {
      const wait = response.status === 429 ? retryAfter(response.headers, now()) : backoff(attempt);
      if (attempt < attempts && wait <= MAX_WAIT_MS) {
        await options.sleep(wait);
        continue;
      }
      throw providerUnavailable(provider, `${request.method} ${path(request.url)}: ${detail}`);
    }
    if (response.status === 404 && request.user) throw unknownUser(provider, request.user);
    if (response.status === 401 || response.status === 403) {
      throw permissionDenied(provider, request.permission, detail);
    }
    throw new NamedError(
      'ProviderRejected',
      `${provider} rejected ${request.method} ${path(request.url)}: ${detail}`,
    );
  }
}

/** Milliseconds to wait from Retry-After (seconds or an HTTP date) or X-Rate-Limit-Reset (epoch seconds, Okta). */
export function retryAfter(headers: Headers, now: number): number {
  const after = headers.get('retry-after');
  if (after !== null) {
    const seconds = Number(after);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(after);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  const reset = Number(headers.get('x-rate-limit-reset') ?? headers.get('x-ratelimit-reset'));
  if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - now);
  return 1000;
}

function backoff(attempt: number): number {
  return 500 * 2 ** (attempt - 1);
}

function parse(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text.slice(0, 200);
  }
}

/** The path without the query: what the incident names (the query may carry an address). */
function path(url: string): string {
  return new URL(url).pathname;
}

/** A token good until shortly before it expires, fetched again after that. */
export class CachedToken {
  private token?: { value: string; until: number };

  constructor(
    private readonly fetchToken: () => Promise<{ value: string; expiresInSeconds: number }>,
    private readonly now: () => number = Date.now,
  ) {}

  async get(): Promise<string> {
    if (this.token && this.token.until > this.now()) return this.token.value;
    const { value, expiresInSeconds } = await this.fetchToken();
    this.token = { value, until: this.now() + Math.max(0, expiresInSeconds - 60) * 1000 };
    return value;
  }
}

/** The `next` URL of an RFC 8288 Link header (Okta's pagination), if any. */
export function nextLink(headers: Headers): string | undefined {
  for (const part of (headers.get('link') ?? '').split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/u.exec(part);
    if (m) return m[1];
  }
  return undefined;
}
