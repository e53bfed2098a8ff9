import { errorOf } from '../api/client.js';

/** What the server offers for sign-in through its issuer (src/auth/dashboard-sign-in). */
export interface OidcOffer {
  readonly issuer: string;
  readonly clientId: string;
  readonly authorizationEndpoint: string;
  readonly scope: string;
  readonly resource: string;
}

const OFFER = '/auth/dashboard/sign-in';
const EXCHANGE = '/auth/dashboard/token';
/** The state and PKCE verifier of the sign-in under way, in this tab only. */
const PENDING = 'mcp-oidc-pending';

interface Pending {
  readonly state: string;
  readonly codeVerifier: string;
}

/** How this server lets the dashboard sign in (src/auth/dashboard-sign-in). */
export interface SignInOptions {
  /** Sign-in through the issuer, `null` without one. */
  readonly offer: OidcOffer | null;
  /** Whether the development issuer's one-click sign-in exists. */
  readonly devSignIn: boolean;
}

/** @throws ApiError when the issuer's metadata cannot be read (503, with the reason) */
export async function signInOptions(): Promise<SignInOptions> {
  const response = await fetch(OFFER, { headers: { Accept: 'application/json' } });
  const payload: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw errorOf(response.status, payload);
  return payload as SignInOptions;
}

/** The dashboard's address, registered at the issuer as the client's redirect URI. */
export function redirectUri(): string {
  return `${location.origin}/admin/`;
}

/**
 * Sends the browser to the issuer (authorization code + PKCE, RFC 7636 with S256): a fresh
 * `state` against cross-site request forgery and a fresh verifier, kept in this tab's
 * sessionStorage until the issuer sends the browser back.
 */
export async function startOidcSignIn(offer: OidcOffer): Promise<void> {
  const pending: Pending = { state: randomText(), codeVerifier: randomText() };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const url = new URL(offer.authorizationEndpoint);
  const params = {
    response_type: 'code',
    client_id: offer.clientId,
    redirect_uri: redirectUri(),
    scope: offer.scope,
    state: pending.state,
    code_challenge: await challengeOf(pending.codeVerifier),
    code_challenge_method: 'S256',
    resource: offer.resource,
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  location.assign(url.toString());
}

/**
 * When the issuer has just sent the browser back (`?code=&state=` or `?error=`), checks the
 * state, trades the code and the verifier for an access token through the server, and clears
 * the address bar; `undefined` when this page load is not a return from the issuer.
 * @throws Error saying plainly why the sign-in failed
 */
export async function completeOidcSignIn(): Promise<string | undefined> {
  const params = new URLSearchParams(location.search);
  const [code, state, error] = [params.get('code'), params.get('state'), params.get('error')];
  if (code === null && error === null) return undefined;
  const pending = takePending();
  history.replaceState(null, '', `${location.pathname}${location.hash}`);
  if (error !== null) {
    const description = params.get('error_description');
    throw new Error(
      `The issuer did not sign you in (${error}${description === null ? '' : `: ${description}`}).`,
    );
  }
  if (pending === undefined || state !== pending.state) {
    throw new Error(
      'This sign-in answer does not belong to a sign-in started in this tab (state mismatch): ' +
        'it was refused. Sign in again.',
    );
  }
  const response = await fetch(EXCHANGE, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code, codeVerifier: pending.codeVerifier, redirectUri: redirectUri() }),
  });
  const payload: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw errorOf(response.status, payload);
  return (payload as { accessToken: string }).accessToken;
}

function takePending(): Pending | undefined {
  const text = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as Pending;
  } catch {
    return undefined;
  }
}

/** 32 random bytes, base64url: a state, or a code verifier of 43 characters. */
function randomText(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

async function challengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
