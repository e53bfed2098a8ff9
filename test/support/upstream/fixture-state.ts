import type { Server } from '@modelcontextprotocol/sdk/server/index.js';

import {
  DEFAULT_FIXTURE_TOOLS,
  type FixturePrompt,
  type FixtureTool,
  type UpstreamFixtureEvents,
  type UpstreamFixtureSpec,
} from './upstream-fixture.types.js';

/**
 * The state one fixture upstream shares across its sessions: its (mutable) tool list, the
 * sessions connected right now (to broadcast notifications) and what it observed.
 */
export class FixtureState {
  readonly tools = new Map<string, FixtureTool>();
  readonly prompts = new Map<string, FixturePrompt>();
  readonly servers = new Set<Server>();
  readonly events: UpstreamFixtureEvents = {
    calls: [],
    cancelled: [],
    authorizations: [],
    subscriptions: [],
    unsubscriptions: [],
  };

  constructor(readonly spec: UpstreamFixtureSpec) {
    for (const tool of spec.tools ?? DEFAULT_FIXTURE_TOOLS) this.tools.set(tool.name, tool);
    for (const prompt of spec.prompts ?? []) this.prompts.set(prompt.name, prompt);
  }

  /** Changes a prompt's description and tells every session (`notifications/prompts/list_changed`). */
  async setPromptDescription(name: string, description: string): Promise<void> {
    const prompt = this.prompts.get(name);
    if (prompt === undefined) throw new Error(`fixture has no prompt ${name}`);
    this.prompts.set(name, { ...prompt, description });
    await this.broadcast('notifications/prompts/list_changed');
  }

  /** Changes a tool's description and tells every session (`notifications/tools/list_changed`). */
  async setToolDescription(name: string, description: string): Promise<void> {
    const tool = this.tools.get(name);
    if (tool === undefined) throw new Error(`fixture has no tool ${name}`);
    this.tools.set(name, { ...tool, description });
    await this.broadcast('notifications/tools/list_changed');
  }

  async broadcast(method: string, params?: Record<string, unknown>): Promise<void> {
    await Promise.all(
      [...this.servers].map((server) =>
        server.notification(params === undefined ? { method } : { method, params }).catch(() => {
          // a session closing meanwhile: nothing to tell it
        }),
      ),
    );
  }
}
