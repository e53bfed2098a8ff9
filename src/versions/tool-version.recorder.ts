import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';

import { CapabilityRegistry } from '../protocol/capabilities/capability-registry.js';
import { ToolVersionStore } from './tool-version.store.js';

/**
 * Records every declared tool version at boot, so each audit row's (tool, version, hash)
 * names a definition kept in `tool_versions`. A failure stops the boot: serving tools whose
 * definitions were not recorded would leave audit rows pointing at nothing. Recording runs once
 * however many callers ask (its own bootstrap hook, and the served tool versions, which must
 * load the approval state only after it).
 */
@Injectable()
export class ToolVersionRecorder implements OnApplicationBootstrap {
  private readonly logger = new Logger(ToolVersionRecorder.name);
  private recording: Promise<void> | undefined;

  constructor(
    private readonly registry: CapabilityRegistry,
    private readonly store: ToolVersionStore,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    return this.record();
  }

  record(): Promise<void> {
    this.recording ??= this.recordAll();
    return this.recording;
  }

  private async recordAll(): Promise<void> {
    const definitions = this.registry.allToolVersions().map((tool) => tool.definition);
    await this.store.recordDefinitions(definitions);
    this.logger.log(`recorded ${definitions.length} tool definitions`);
  }
}
