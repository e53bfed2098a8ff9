import { Global, Module } from '@nestjs/common';

import { AccessDecisionService } from './access-decision.service.js';

@Global()
@Module({
  providers: [AccessDecisionService],
  exports: [AccessDecisionService],
})
export class PolicyModule {}
