import { Global, Module } from '@nestjs/common';

import { ResilienceService } from './resilience.service.js';

/**
 * Global so every tool module and the federation client share one set of breakers.
 * Built by a factory: the service's clock and random source are plain constructor
 * parameters that unit tests replace.
 */
@Global()
@Module({
  providers: [{ provide: ResilienceService, useFactory: () => new ResilienceService() }],
  exports: [ResilienceService],
})
export class ResilienceModule {}
