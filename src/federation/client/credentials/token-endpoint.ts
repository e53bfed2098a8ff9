/** The authorization server refused or failed a token request (RFC 6749 §5.2). */
export class TokenEndpointError extends Error {
  constructor(
    readonly tokenUrl: string,
    /** The OAuth `error` code, or `http_<status>` / `invalid_response` / `unreachable`. */
    readonly error: string,
    description?: string,
  ) {
    super(`token endpoint ${tokenUrl}: ${error}${description ? ` (${description})` : ''}`);
    this.name = 'TokenEndpointError';
  }
}

export interface IssuedToken {
  readonly accessToken: string;
  /** Absolute expiry (ms since the epoch). */
  readonly expiresAt: number;
}

export interface TokenClient {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** Lifetime assumed when the server gives no `expires_in` (it is only RECOMMENDED, RFC 6749 §5.1). */
const DEFAULT_LIFETIME_S = 60;

/**
 * One token request: `grant` as form parameters, the client authenticated with HTTP Basic
 * (`client_secret_basic`, RFC 6749 §2.3.1: id and secret form-urlencoded first).
 *
 * @throws TokenEndpointError on a refusal, an unreachable server or a response without a token
 */
export async function requestToken(
  client: TokenClient,
  grant: Readonly<Record<string, string>>,
  timeoutMs: number,
): Promise<IssuedToken> {
  const basic = Buffer.from(
    `${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`,
  ).toString('base64');
  let response: Response;
  try {
    response = await fetch(client.tokenUrl, {
      method: 'POST',
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: new URLSearchParams(grant).toString(),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new TokenEndpointError(client.tokenUrl, 'unreachable', (error as Error).message);
  }
  const body = (await response.json().catch(() => undefined)) as
    Record<string, unknown> | undefined;
  if (!response.ok) {
    const code = typeof body?.error === 'string' ? body.error : `http_${response.status}`;
    const description =
      typeof body?.error_description === 'string' ? body.error_description : undefined;
    throw new TokenEndpointError(client.tokenUrl, code, description);
  }
  const accessToken = body?.access_token;
  const tokenType = body?.token_type;
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw new TokenEndpointError(client.tokenUrl, 'invalid_response', 'no access_token');
  }
  // RFC 6750 bearer tokens only: token_type is case-insensitive (RFC 6749 §7.1).
  if (typeof tokenType === 'string' && tokenType.toLowerCase() !== 'bearer') {
    throw new TokenEndpointError(client.tokenUrl, 'invalid_response', `token_type ${tokenType}`);
  }
  const lifetime = typeof body?.expires_in === 'number' ? body.expires_in : DEFAULT_LIFETIME_S;
  return { accessToken, expiresAt: Date.now() + lifetime * 1_000 };
}
