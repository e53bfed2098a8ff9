import type {
  OAuthClientMetadata,
  OAuthClientProvider,
  StoredOAuthClientInformation,
  StoredOAuthTokens,
} from '@modelcontextprotocol/client';

import type { InteractiveAuthorization } from '../federation/client/credentials/interactive-authorization.js';

/**
 * A user agent without a user, for authorization servers that approve at once (the conformance
 * suite's): it follows the authorization URL to its redirect and keeps the callback parameters.
 * Client information and tokens live in memory, as long as the process.
 */
export class HeadlessAuthorization implements InteractiveAuthorization, OAuthClientProvider {
  readonly provider: OAuthClientProvider = this;
  private information: StoredOAuthClientInformation | undefined;
  private savedTokens: StoredOAuthTokens | undefined;
  private verifier: string | undefined;
  private response: URLSearchParams | undefined;

  constructor(
    readonly redirectUrl: string,
    private readonly clientName: string,
    /** A Client ID Metadata Document URL, used where the authorization server supports it. */
    readonly clientMetadataUrl?: string,
  ) {}

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: this.clientName,
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    };
  }

  clientInformation(): StoredOAuthClientInformation | undefined {
    return this.information;
  }

  saveClientInformation(information: StoredOAuthClientInformation): void {
    this.information = information;
  }

  tokens(): StoredOAuthTokens | undefined {
    return this.savedTokens;
  }

  saveTokens(tokens: StoredOAuthTokens): void {
    this.savedTokens = tokens;
  }

  saveCodeVerifier(codeVerifier: string): void {
    this.verifier = codeVerifier;
  }

  codeVerifier(): string {
    if (this.verifier === undefined) throw new Error('no PKCE code verifier was saved');
    return this.verifier;
  }

  /** @throws Error when the authorization server does not redirect back with a response */
  async redirectToAuthorization(authorizationUrl: URL): Promise<void> {
    const answer = await fetch(authorizationUrl, { redirect: 'manual' });
    const location = answer.headers.get('location');
    if (location === null) {
      throw new Error(`the authorization server answered ${answer.status} without a redirect`);
    }
    this.response = new URL(location, authorizationUrl).searchParams;
  }

  takeAuthorizationResponse(): URLSearchParams | undefined {
    const response = this.response;
    this.response = undefined;
    return response;
  }
}
