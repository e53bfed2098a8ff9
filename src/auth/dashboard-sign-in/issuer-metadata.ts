/** What the dashboard's sign-in needs of the issuer's metadata (OpenID Connect Discovery 1.0, RFC 8414). */
export interface IssuerEndpoints {
  readonly issuer: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
}

const DISCOVERY_TIMEOUT_MS = 5_000;

/**
 * The metadata documents of `issuer`, in the order tried: OpenID Connect Discovery appends
 * `/.well-known/openid-configuration` to the issuer; RFC 8414 §3 inserts
 * `/.well-known/oauth-authorization-server` between the host and the issuer's path.
 */
export function metadataUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  return [
    `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
    `${url.origin}/.well-known/oauth-authorization-server${path}`,
  ];
}

/**
 * Reads the first metadata document of `issuer` that answers, and checks it: its `issuer` must
 * be exactly the configured one (RFC 8414 §3.3, against a document served for another issuer),
 * both endpoints absolute http(s) URLs, and when it lists `code_challenge_methods_supported`,
 * `S256` must be among them (RFC 7636 §4.2; the dashboard sends nothing else).
 * @throws Error saying what is wrong, for the log and the sign-in page
 */
export async function discoverIssuer(
  issuer: string,
  fetchJson: (url: string) => Promise<unknown> = fetchMetadata,
): Promise<IssuerEndpoints> {
  const failures: string[] = [];
  for (const url of metadataUrls(issuer)) {
    let document: unknown;
    try {
      document = await fetchJson(url);
    } catch (error) {
      failures.push(`${url}: ${(error as Error).message}`);
      continue;
    }
    return endpointsOf(issuer, document);
  }
  throw new Error(`no metadata for issuer ${issuer} (${failures.join('; ')})`);
}

function endpointsOf(issuer: string, document: unknown): IssuerEndpoints {
  const metadata = (typeof document === 'object' && document !== null ? document : {}) as Record<
    string,
    unknown
  >;
  if (metadata.issuer !== issuer) {
    throw new Error(`metadata names issuer ${String(metadata.issuer)}, not ${issuer}`);
  }
  const methods = metadata.code_challenge_methods_supported;
  if (Array.isArray(methods) && !methods.includes('S256')) {
    throw new Error('the issuer does not support PKCE with S256');
  }
  return {
    issuer,
    authorizationEndpoint: endpoint(metadata, 'authorization_endpoint'),
    tokenEndpoint: endpoint(metadata, 'token_endpoint'),
  };
}

function endpoint(metadata: Record<string, unknown>, name: string): string {
  const value = metadata[name];
  if (typeof value === 'string' && /^https?:\/\//.test(value) && URL.canParse(value)) return value;
  throw new Error(`metadata has no valid ${name}`);
}

async function fetchMetadata(url: string): Promise<unknown> {
  const response = await fetch(url, {
    headers: { Accept: 'application/json' },
    signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS),
    redirect: 'error',
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}
