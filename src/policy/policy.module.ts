import { type DynamicModule, Global, Module, type Type } from '@nestjs/common';

import { SecurityModule } from '../security/security.module.js';
import { AccessDecisionService } from './access-decision.service.js';
import { AccessRuleSource } from './access-rule.source.js';
import { InMemoryAccessRuleSource } from './in-memory-access-rule.source.js';

/**
 * The access decision and its rule source. The in-memory source is the default; the app swaps
 * in a DB-backed, cached source with `PolicyModule.withRuleSource(source, ...itsParts)`, where
 * the parts are providers the source reads (provided and exported here too, so there is one
 * instance of each).
 */
@Global()
@Module({
  imports: [SecurityModule],
  providers: [
    InMemoryAccessRuleSource,
    { provide: AccessRuleSource, useExisting: InMemoryAccessRuleSource },
    AccessDecisionService,
  ],
  exports: [AccessDecisionService, AccessRuleSource, InMemoryAccessRuleSource],
})
export class PolicyModule {
  static withRuleSource(source: Type<AccessRuleSource>, ...parts: Type[]): DynamicModule {
    return {
      module: PolicyModule,
      providers: [...parts, source, { provide: AccessRuleSource, useExisting: source }],
      exports: [source, ...parts],
    };
  }
}
