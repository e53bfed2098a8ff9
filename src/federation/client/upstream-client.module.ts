import { Module } from '@nestjs/common';

import { SettingsModule } from '../../config/index.js';
import { upstreamClientFactory } from './upstream-client.js';
import { UpstreamClientSettings } from './upstream-client.settings.js';

/** Injection token of the configured `UpstreamClientFactory`. */
export const UPSTREAM_CLIENT_FACTORY = Symbol('UPSTREAM_CLIENT_FACTORY');

/**
 * Provides `UPSTREAM_CLIENT_FACTORY`: `createUpstreamClient` with the `MCP_UPSTREAM_*`
 * breaker, retry and credential settings (docs/federation-client.md).
 */
@Module({
  imports: [SettingsModule.forFeature(UpstreamClientSettings)],
  providers: [
    {
      provide: UPSTREAM_CLIENT_FACTORY,
      useFactory: (settings: UpstreamClientSettings) => upstreamClientFactory(settings),
      inject: [UpstreamClientSettings],
    },
  ],
  exports: [UPSTREAM_CLIENT_FACTORY],
})
export class UpstreamClientModule {}
