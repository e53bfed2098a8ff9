import type { AppConfig } from '../../config/app-config.js';

/**
 * Where the RFC 9728 metadata of `/mcp` lives. The Contract serves it at the path-suffixed
 * well-known URI of the MCP endpoint (RFC 9728 §3.1), on the origin clients see.
 */
export function protectedResourceMetadataUrl(config: AppConfig): string {
  return `${new URL(config.http.publicUrl).origin}/.well-known/oauth-protected-resource/mcp`;
}

/** Issuer identifier of the development issuer: the public origin of this server. */
export function devIssuerUrl(config: AppConfig): string {
  return new URL(config.http.publicUrl).origin;
}

/** The one issuer whose tokens are accepted: `AUTH_ISSUER`, else the development issuer. */
export function trustedIssuer(config: AppConfig): string | undefined {
  return config.auth.issuer ?? (config.auth.devIssuer ? devIssuerUrl(config) : undefined);
}
