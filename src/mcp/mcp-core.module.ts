import { Module } from '@nestjs/common';

import { CapabilityAccess } from './dispatcher/capability-access.js';
import { CompletionHandler } from './dispatcher/completion.handler.js';
import { LoggingHandler } from './dispatcher/logging.handler.js';
import { McpDispatcher } from './dispatcher/mcp-dispatcher.js';
import { PromptsHandlers } from './dispatcher/prompts.handlers.js';
import { ResourcesHandlers } from './dispatcher/resources.handlers.js';
import { ToolCallRunner } from './dispatcher/tool-call.runner.js';
import { ToolsHandlers } from './dispatcher/tools.handlers.js';
import { InitializeResultFactory } from './lifecycle/initialize-result.factory.js';
import { McpSessionService } from './session/mcp-session.service.js';

/**
 * The transport-independent protocol core. It expects `APP_CONFIG`, `AuditLog`,
 * `SessionRepository`, `CapabilityRegistry` and `AccessDecisionService` from global modules, and
 * exports what transports use: the dispatcher and the live sessions.
 */
@Module({
  providers: [
    McpDispatcher,
    McpSessionService,
    InitializeResultFactory,
    CapabilityAccess,
    ToolCallRunner,
    ToolsHandlers,
    ResourcesHandlers,
    PromptsHandlers,
    CompletionHandler,
    LoggingHandler,
  ],
  exports: [McpDispatcher, McpSessionService],
})
export class McpCoreModule {}
