import { Module } from '@nestjs/common';

import { McpCapabilitiesModule } from '../../mcp/discovery/index.js';
import { ExamplePrompts } from './example.prompts.js';
import { ExampleResources } from './example.resources.js';
import { ExampleTools } from './example.tools.js';

/** The example capabilities every instance serves (echo, current_time, about, docs, summarize). */
@Module({
  imports: [McpCapabilitiesModule.forFeature()],
  providers: [ExampleTools, ExampleResources, ExamplePrompts],
})
export class ExampleCapabilitiesModule {}
