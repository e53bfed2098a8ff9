import { Module } from '@nestjs/common';

import { ShutdownModule } from '../ops/shutdown/shutdown.module.js';
import { CapabilityAccess } from './dispatcher/capability-access.js';
import { ResourceVisibility } from './dispatcher/resource-visibility.js';
import { ApprovedCallExecutor } from './approvals/approved-call.executor.js';
import { CallApprovalGate } from './approvals/call-approval.gate.js';
import { CompletionHandler } from './dispatcher/completion.handler.js';
import { IdempotentToolCalls } from './dispatcher/idempotent-tool-calls.js';
import { LoggingHandler } from './dispatcher/logging.handler.js';
import { McpExtensions } from './dispatcher/mcp-extensions.js';
import { McpDispatcher } from './dispatcher/mcp-dispatcher.js';
import { PromptsHandlers } from './dispatcher/prompts.handlers.js';
import { ResourcesHandlers } from './dispatcher/resources.handlers.js';
import { ToolCallRunner } from './dispatcher/tool-call.runner.js';
import { ToolsHandlers } from './dispatcher/tools.handlers.js';
import { InitializeResultFactory } from './lifecycle/initialize-result.factory.js';
import { DiscoverHandler } from './modern/discover.handler.js';
import { ModernResults } from './modern/modern-results.js';
import { MultiRoundTrips } from './modern/mrtr/multi-round-trips.service.js';
import { ListenHandler } from './modern/subscriptions/listen.handler.js';
import { SubscriptionHub } from './subscriptions/subscription-hub.js';

/**
 * The transport-independent protocol core. It expects `APP_CONFIG`, `AuditLog`,
 * `McpSessionService`, `CapabilityRegistry`, `AccessDecisionService`, `ChangeBus` and
 * `ServerSecretStore` from global modules (and uses `IdempotencyService` and `CallApprovals` when they are there), and exports what transports use: the dispatcher, the
 * access decision on capabilities and the listen streams. The shutdown coordinator waits for the
 * approved calls it runs.
 */
@Module({
  imports: [ShutdownModule],
  providers: [
    McpDispatcher,
    InitializeResultFactory,
    CapabilityAccess,
    ToolCallRunner,
    IdempotentToolCalls,
    CallApprovalGate,
    ApprovedCallExecutor,
    ToolsHandlers,
    ResourcesHandlers,
    PromptsHandlers,
    CompletionHandler,
    LoggingHandler,
    DiscoverHandler,
    ModernResults,
    MultiRoundTrips,
    ListenHandler,
    ResourceVisibility,
    SubscriptionHub,
    McpExtensions,
  ],
  exports: [
    McpDispatcher,
    CapabilityAccess,
    SubscriptionHub,
    // For extension modules (tasks): they register here and run tools through the runner.
    McpExtensions,
    ToolCallRunner,
    MultiRoundTrips,
  ],
})
export class McpCoreModule {}
