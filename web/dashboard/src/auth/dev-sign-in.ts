import { errorOf } from '../api/client.js';

/** What the development issuer's one-click sign-in offers (src/auth/dev-issuer/dev-sign-in.controller.ts). */
export interface DevSignInOffer {
  readonly subject: string;
  readonly roles: readonly string[];
}

const PATH = '/auth/dev/sign-in';

/** The offer, or `undefined` when the server runs without the development issuer (404). */
export async function devSignInOffer(): Promise<DevSignInOffer | undefined> {
  const response = await fetch(PATH, { headers: { Accept: 'application/json' } });
  return response.ok ? ((await response.json()) as DevSignInOffer) : undefined;
}

export async function devSignIn(): Promise<string> {
  const response = await fetch(PATH, { method: 'POST' });
  const payload: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw errorOf(response.status, payload);
  return (payload as { accessToken: string }).accessToken;
}
