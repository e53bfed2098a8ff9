import { Module } from '@nestjs/common';

import { SettingsModule } from '../../config/index.js';
import { McpCapabilitiesModule } from '../../mcp/discovery/index.js';
import { ExamplePrompts } from './example.prompts.js';
import { ExampleResources } from './example.resources.js';
import { ExampleSettings } from './example.settings.js';
import { ExampleTools } from './example.tools.js';

/** The example capabilities every instance serves (echo, current_time, about, docs, summarize). */
@Module({
  imports: [McpCapabilitiesModule.forFeature(), SettingsModule.forFeature(ExampleSettings)],
  providers: [ExampleTools, ExampleResources, ExamplePrompts],
})
export class ExampleCapabilitiesModule {}
