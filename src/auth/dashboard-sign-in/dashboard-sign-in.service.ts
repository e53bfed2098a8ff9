import {
  BadGatewayException,
  BadRequestException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';

import { type AppConfig, isLoopbackHost } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.constants.js';
import { SecurityEvents } from '../../security/security-events.service.js';
import { discoverIssuer, type IssuerEndpoints } from './issuer-metadata.js';

/** What the dashboard needs to send the browser to the issuer (README "The admin dashboard"). */
export interface DashboardSignInOffer {
  readonly issuer: string;
  readonly clientId: string;
  readonly authorizationEndpoint: string;
  /** Space-separated scopes to ask for. */
  readonly scope: string;
  /** RFC 8707 resource indicator: the audience the server requires of access tokens. */
  readonly resource: string;
}

/** The code the issuer sent back to the dashboard, with the PKCE verifier that goes with it. */
export interface CodeExchange {
  readonly code: string;
  readonly codeVerifier: string;
  readonly redirectUri: string;
}

const SCOPE = 'openid';
/** A failed discovery is retried after this long, not on every page load. */
const RETRY_DISCOVERY_MS = 30_000;
const TOKEN_TIMEOUT_MS = 10_000;
/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
const CODE_VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
const MAX_CODE_LENGTH = 4096;
/** The dashboard's own address: the only redirect URI it uses. */
const REDIRECT_PATH = '/admin/';

/**
 * The dashboard's sign-in through `AUTH_ISSUER` as the public client `MCP_DASHBOARD_CLIENT_ID`:
 * authorization code with PKCE (RFC 7636, OAuth 2.1 §4.1). The browser goes to the issuer and
 * back with a code; the server discovers the issuer's endpoints and relays the code exchange, so
 * the dashboard's Content-Security-Policy stays `connect-src 'self'` and the issuer needs no
 * CORS. The relay adds no secret: the code is useless without the verifier only the browser
 * holds, and the access token it returns is checked like any other on every admin request.
 */
@Injectable()
export class DashboardSignIn {
  private readonly logger = new Logger(DashboardSignIn.name);
  private discovery: Promise<IssuerEndpoints> | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly events: SecurityEvents,
  ) {}

  /** `null` when no issuer sign-in is configured. */
  async offer(): Promise<DashboardSignInOffer | null> {
    if (!this.configured()) return null;
    const { issuer, clientId } = this.client();
    const endpoints = await this.endpoints();
    return {
      issuer,
      clientId,
      authorizationEndpoint: endpoints.authorizationEndpoint,
      scope: SCOPE,
      resource: this.config.auth.audience,
    };
  }

  /** @throws BadRequestException for a malformed exchange or the issuer's refusal of the code */
  async exchange(input: unknown): Promise<{ accessToken: string }> {
    const { code, codeVerifier, redirectUri } = parseExchange(input);
    const { clientId } = this.client();
    const { tokenEndpoint } = await this.endpoints();
    let response: Response;
    try {
      response = await fetch(tokenEndpoint, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: redirectUri,
          client_id: clientId,
          code_verifier: codeVerifier,
        }),
        signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
        redirect: 'error',
      });
    } catch (error) {
      this.logger.warn(
        `dashboard sign-in: token endpoint unreachable: ${(error as Error).message}`,
      );
      throw new BadGatewayException('The issuer did not answer the code exchange: try again.');
    }
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok || typeof body.access_token !== 'string') {
      // RFC 6749 §5.2: `error` and `error_description` say why the code was refused.
      const reason = [body.error, body.error_description].filter((v) => typeof v === 'string');
      const detail = reason.length > 0 ? reason.join(': ') : `HTTP ${response.status}`;
      this.events.record('auth_failure', undefined, `dashboard sign-in refused: ${detail}`);
      throw new BadRequestException(`The issuer refused the sign-in (${detail}): sign in again.`);
    }
    return { accessToken: body.access_token };
  }

  /** The condition under which AuthModule serves the development sign-in. */
  devSignInServed(): boolean {
    return this.config.auth.devIssuer && isLoopbackHost(this.config.http.host);
  }

  private configured(): boolean {
    const { required, issuer, dashboardClientId } = this.config.auth;
    return required && issuer !== undefined && dashboardClientId !== undefined;
  }

  private client(): { issuer: string; clientId: string } {
    const { issuer, dashboardClientId } = this.config.auth;
    if (!this.configured() || issuer === undefined || dashboardClientId === undefined) {
      throw new NotFoundException('Sign-in through an issuer is not configured on this server.');
    }
    return { issuer, clientId: dashboardClientId };
  }

  private endpoints(): Promise<IssuerEndpoints> {
    if (this.discovery === undefined) {
      const attempt = discoverIssuer(this.client().issuer);
      this.discovery = attempt;
      attempt.catch((error: unknown) => {
        this.logger.warn(`dashboard sign-in: discovery failed: ${(error as Error).message}`);
        setTimeout(() => {
          if (this.discovery === attempt) this.discovery = undefined;
        }, RETRY_DISCOVERY_MS).unref();
      });
    }
    return this.discovery.catch((error: unknown) => {
      throw new ServiceUnavailableException(
        `The issuer's metadata could not be read (${(error as Error).message}); sign in with a ` +
          'token meanwhile.',
      );
    });
  }
}

function parseExchange(input: unknown): CodeExchange {
  const body = (typeof input === 'object' && input !== null ? input : {}) as Record<
    string,
    unknown
  >;
  const { code, codeVerifier, redirectUri } = body;
  const problems: string[] = [];
  if (typeof code !== 'string' || code === '' || code.length > MAX_CODE_LENGTH) {
    problems.push('code must be the non-empty code the issuer sent back');
  }
  if (typeof codeVerifier !== 'string' || !CODE_VERIFIER.test(codeVerifier)) {
    problems.push('codeVerifier must be 43 to 128 unreserved characters (RFC 7636 §4.1)');
  }
  if (
    typeof redirectUri !== 'string' ||
    !URL.canParse(redirectUri) ||
    new URL(redirectUri).pathname !== REDIRECT_PATH
  ) {
    problems.push(`redirectUri must be the dashboard's address, ending in ${REDIRECT_PATH}`);
  }
  if (problems.length > 0) throw new BadRequestException(problems.join('; '));
  return { code, codeVerifier, redirectUri } as CodeExchange;
}
