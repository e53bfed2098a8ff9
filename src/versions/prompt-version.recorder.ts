import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';

import { CapabilityRegistry } from '../protocol/capabilities/capability-registry.js';
import { promptDefinitionOf } from './prompt-definition.js';
import { PromptVersionStore } from './prompt-version.store.js';

/**
 * Records every declared prompt definition at boot, like ToolVersionRecorder does for tools:
 * a prompt's text reaches the model, so a changed definition must be on record. There is no
 * approval gate as for tools: prompts are user-controlled (MCP spec, server features §Prompts:
 * "exposed from servers to clients with the intention of the user being able to explicitly
 * select them"), so a user sees a prompt before it is used, where a tool is chosen and called
 * by the model unseen (the rug pull that approval guards against). A failure stops the boot.
 */
@Injectable()
export class PromptVersionRecorder implements OnApplicationBootstrap {
  private readonly logger = new Logger(PromptVersionRecorder.name);

  constructor(
    private readonly registry: CapabilityRegistry,
    private readonly store: PromptVersionStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const definitions = this.registry.prompts().map(promptDefinitionOf);
    await this.store.recordDefinitions(definitions);
    this.logger.log(`recorded ${definitions.length} prompt definitions`);
  }
}
