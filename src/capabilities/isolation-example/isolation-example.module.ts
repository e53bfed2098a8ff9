import { Module } from '@nestjs/common';

import { McpCapabilitiesModule } from '../../mcp/discovery/index.js';
import { IsolationExampleTools } from './isolation-example.tools.js';

/** The isolated example tool `hash_chain` (worker thread, scope `compute`). */
@Module({
  imports: [McpCapabilitiesModule.forFeature()],
  providers: [IsolationExampleTools],
})
export class IsolationExampleModule {}
