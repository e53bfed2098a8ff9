import { Controller, Get, Header, Inject } from '@nestjs/common';

import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.constants.js';
import { CapabilityRegistry } from '../../protocol/capabilities/capability-registry.js';
import { trustedIssuer } from './protected-resource-urls.js';

/** RFC 9728 §2 metadata document of the `/mcp` resource. */
export interface ProtectedResourceMetadata {
  readonly resource: string;
  readonly authorization_servers: readonly string[];
  readonly scopes_supported: readonly string[];
  readonly bearer_methods_supported: readonly string[];
  readonly resource_name: string;
}

/**
 * Serves the protected-resource metadata at both Contract paths, without a token (clients read
 * it after a 401 to find the authorization server, MCP authorization §2.3). Built on first use:
 * the capability registry is frozen once the application has booted.
 */
@Controller('.well-known')
export class ProtectedResourceMetadataController {
  private metadata: ProtectedResourceMetadata | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: CapabilityRegistry,
  ) {}

  @Get(['oauth-protected-resource', 'oauth-protected-resource/mcp'])
  @Header('Cache-Control', 'public, max-age=300')
  @Header('Access-Control-Allow-Origin', '*')
  get(): ProtectedResourceMetadata {
    this.metadata ??= this.build();
    return this.metadata;
  }

  private build(): ProtectedResourceMetadata {
    const issuer = trustedIssuer(this.config);
    return {
      resource: this.config.http.publicUrl,
      authorization_servers: issuer === undefined ? [] : [issuer],
      scopes_supported: this.declaredScopes(),
      bearer_methods_supported: ['header'],
      resource_name: this.config.mcp.serverName,
    };
  }

  private declaredScopes(): string[] {
    const scopes = new Set<string>();
    const capabilities = [
      ...this.registry.tools(),
      ...this.registry.resources(),
      ...this.registry.resourceTemplates(),
      ...this.registry.prompts(),
    ];
    for (const capability of capabilities) {
      for (const scope of capability.access.scopes) scopes.add(scope);
    }
    return [...scopes].sort();
  }
}
