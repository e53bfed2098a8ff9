import { Global, Module } from '@nestjs/common';

import { CapabilityChanges } from './capability-changes.js';

/** Lets any feature module announce capability changes; expects the global `ChangeBus`. */
@Global()
@Module({ providers: [CapabilityChanges], exports: [CapabilityChanges] })
export class CapabilityChangesModule {}
