/**
 * Sign-in on the deployed console: Cognito's hosted UI with the authorization-code flow and PKCE (no
 * client secret in the browser). Locally there is nothing to do: the server's session cookie signs in.
 */
export interface DeployedSettings {
  apiUrl: string;
  /** https://<prefix>.auth.<region>.amazoncognito.com */
  authUrl: string;
  clientId: string;
}

let settings: DeployedSettings | null | undefined;

export function deployedSettings(): DeployedSettings | null {
  if (settings === undefined) settings = null;
  return settings;
}

/** Read the deployed console's settings (config.json beside the page); absent locally. */
export async function loadSettings(): Promise<void> {
  if (location.hostname === '127.0.0.1' || location.hostname === 'localhost') {
    settings = null;
    return;
  }
  const response = await fetch('/config.json').catch(() => undefined);
  settings = response?.ok ? ((await response.json()) as DeployedSettings) : null;
}

const TOKEN = 'riposte.idToken';
const VERIFIER = 'riposte.pkce';

function redirectUri() {
  return `${location.origin}/`;
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

/** Finish a sign-in redirect (?code=…), or start one when there is no valid token. */
export async function signIn(): Promise<void> {
  const s = deployedSettings();
  if (!s) return;
  const code = new URLSearchParams(location.search).get('code');
  const verifier = sessionStorage.getItem(VERIFIER);
  if (code && verifier) {
    const response = await fetch(`${s.authUrl}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: s.clientId,
        code,
        redirect_uri: redirectUri(),
        code_verifier: verifier,
      }),
    });
    sessionStorage.removeItem(VERIFIER);
    if (response.ok)
      sessionStorage.setItem(TOKEN, ((await response.json()) as { id_token: string }).id_token);
    history.replaceState(null, '', `/${location.hash}`);
  }
  if (validToken()) return;
  const fresh = base64url(crypto.getRandomValues(new Uint8Array(32)));
  sessionStorage.setItem(VERIFIER, fresh);
  const challenge = base64url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(fresh))),
  );
  location.assign(
    `${s.authUrl}/oauth2/authorize?${new URLSearchParams({
      response_type: 'code',
      client_id: s.clientId,
      redirect_uri: redirectUri(),
      scope: 'openid email profile',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    })}`,
  );
}

function validToken(): string | undefined {
  const token = sessionStorage.getItem(TOKEN);
  if (!token) return undefined;
  try {
    const claims = JSON.parse(atob((token.split('.')[1] ?? '').replaceAll('-', '+').replaceAll('_', '/')));
    return claims.exp * 1000 > Date.now() + 30_000 ? token : undefined;
  } catch {
    return undefined;
  }
}

export async function authHeader(): Promise<Record<string, string>> {
  if (!deployedSettings()) return {};
  const token = validToken();
  if (!token) {
    await signIn();
    return {};
  }
  return { authorization: `Bearer ${token}` };
}
