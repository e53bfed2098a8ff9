import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { SettingsModule } from '../config/index.js';
import { UpstreamStatus } from '../metrics/upstream-status.js';
import { FederatedCatalogue } from './catalogue/federated-catalogue.service.js';
import { CataloguePublisher } from './catalogue/catalogue-publisher.js';
import { FederatedCapabilityFactory } from './catalogue/federated-capability.factory.js';
import { FederatedToolFactory } from './catalogue/federated-tool.factory.js';
import { OtherCapabilitiesBuilder } from './catalogue/other-capabilities.builder.js';
import { upstreamClientFactory } from './client/upstream-client.js';
import { UpstreamClientSettings } from './client/upstream-client.settings.js';
import { FederationSettings } from './federation.settings.js';
import { UpstreamsFileSync } from './file/upstreams-file.sync.js';
import { UpstreamServerEntity } from './store/upstream-server.entity.js';
import { UpstreamStore } from './store/upstream.store.js';
import { PromptVersionsModule } from '../versions/prompt-versions.module.js';
import { UPSTREAM_CLIENT_FACTORY } from './upstream-client.token.js';
import { Upstreams } from './upstreams.service.js';

/**
 * Federation of upstream MCP servers (docs/federation.md): the `upstream_servers` table, one
 * client per upstream, and their capabilities served as ours through the capability registry's
 * dynamic side. Needs DatabaseModule, EventsModule, McpDiscoveryModule, SecurityModule,
 * CapabilityChangesModule and `ToolVersionsModule.forApp()` (all global). Global so the admin
 * API and the health check can inject {@link Upstreams} and {@link FederatedCatalogue}.
 */
const settings = SettingsModule.forFeature(FederationSettings, UpstreamClientSettings);

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([UpstreamServerEntity]), PromptVersionsModule, settings],
  providers: [
    {
      // The client with the MCP_UPSTREAM_* breaker, retry and credential settings.
      provide: UPSTREAM_CLIENT_FACTORY,
      useFactory: (client: UpstreamClientSettings) => upstreamClientFactory(client),
      inject: [UpstreamClientSettings],
    },
    FederatedToolFactory,
    FederatedCapabilityFactory,
    OtherCapabilitiesBuilder,
    CataloguePublisher,
    FederatedCatalogue,
    { provide: UpstreamStatus, useExisting: FederatedCatalogue },
    UpstreamStore,
    Upstreams,
    UpstreamsFileSync,
  ],
  exports: [Upstreams, FederatedCatalogue, settings],
})
export class FederationModule {}
