import { InMemoryWebStorage, type User, UserManager, WebStorageStateStore } from 'oidc-client-ts';

/** Where the console signs people in, as the gateway tells it (/console/config.json). */
export interface ConsoleSettings {
  oidcAuthority: string | null;
  clientId: string;
}

export async function loadSettings(): Promise<ConsoleSettings> {
  const answer = await fetch('/console/config.json', { headers: { Accept: 'application/json' } });
  if (!answer.ok) {
    throw new Error(`config.json: ${answer.status}`);
  }
  return (await answer.json()) as ConsoleSettings;
}

/**
 * The OpenID client: the authorization code flow with PKCE. Tokens are kept in memory only (never in
 * localStorage or sessionStorage); only the sign-in request's state and PKCE verifier cross the
 * redirect, in sessionStorage, and are removed when it returns. Renewal uses the refresh token (a
 * token call, not a hidden iframe).
 */
export function userManager(settings: ConsoleSettings, origin: string): UserManager {
  const here = `${origin}/console/`;
  return new UserManager({
    authority: settings.oidcAuthority ?? '',
    client_id: settings.clientId,
    redirect_uri: here,
    post_logout_redirect_uri: here,
    response_type: 'code',
    scope: 'openid',
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    automaticSilentRenew: true,
    loadUserInfo: false,
    monitorSession: false,
  });
}

export type Role = 'admin' | 'customer';

/** Who the access token says the person is: the subject (a customer's id) and the platform role. */
export interface Person {
  subject: string;
  name: string;
  role: Role | null;
}

export function personOf(accessToken: string): Person {
  const claims = decodeJwtPayload(accessToken);
  const roles: unknown = (claims.realm_access as { roles?: unknown } | undefined)?.roles;
  const list = Array.isArray(roles) ? roles.map(String) : [];
  const role: Role | null = list.includes('admin') ? 'admin' : list.includes('customer') ? 'customer' : null;
  return { subject: String(claims.sub ?? ''), name: String(claims.preferred_username ?? claims.sub ?? ''), role };
}

export function decodeJwtPayload(jwt: string): Record<string, unknown> {
  const part = jwt.split('.')[1];
  if (!part) {
    return {};
  }
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
    const json = new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
    const claims: unknown = JSON.parse(json);
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The sign-in's answer is in this address (the provider sent the browser back with a code or an error). */
export function isSigninCallback(search: string): boolean {
  const params = new URLSearchParams(search);
  return params.has('state') && (params.has('code') || params.has('error'));
}

export type { User };
