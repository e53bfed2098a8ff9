import { Injectable } from '@nestjs/common';

import { ToolTimeoutSource } from './tool-timeout.source.js';
import { EffectiveToolRegistry } from '../versions/effective-tool-registry.js';

/** The `timeout_ms` of `tool_policies`, served from the effective registry's memory. */
@Injectable()
export class PolicyToolTimeouts extends ToolTimeoutSource {
  constructor(private readonly effective: EffectiveToolRegistry) {
    super();
  }

  timeoutMsFor(toolName: string): number | undefined {
    return this.effective.timeoutMsFor(toolName);
  }
}
