import { authHeader, deployedSettings } from './auth.ts';

/** An API error: the server's message, and the input field it names when it names one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

function base(): string {
  return deployedSettings()?.apiUrl.replace(/\/$/, '') ?? '/api';
}

export async function api<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base()}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(await authHeader()),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    credentials: 'same-origin',
  });
  const data = (await response.json().catch(() => ({}))) as { error?: string; field?: string };
  if (!response.ok) throw new ApiError(response.status, data.error ?? response.statusText, data.field);
  return data as T;
}

/**
 * Call `listener` when the state changes: locally the server pushes a change event (Server-Sent Events);
 * deployed, the console polls.
 */
export function subscribe(listener: () => void): () => void {
  if (deployedSettings()) {
    const timer = setInterval(listener, 15_000);
    return () => clearInterval(timer);
  }
  const events = new EventSource('/api/events');
  let pending: number | undefined;
  events.addEventListener('change', () => {
    clearTimeout(pending);
    pending = window.setTimeout(listener, 150);
  });
  return () => events.close();
}
