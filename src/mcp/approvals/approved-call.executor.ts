import { randomUUID } from 'node:crypto';

import {
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
  Optional,
} from '@nestjs/common';

import type { CallApprovalRecord } from '../../approvals/call-approval.types.js';
import { APPROVAL_DECIDED_CHANNEL, CallApprovals } from '../../approvals/call-approvals.service.js';
import { ChangeBus, type ChangeEvent } from '../../events/change-bus.js';
import { ShutdownCoordinator } from '../../ops/shutdown/shutdown.coordinator.js';
import { CapabilityRegistry } from '../../protocol/capabilities/capability-registry.js';
import type { RegisteredTool } from '../../protocol/capabilities/registered-capability.types.js';
import { NULL_SINK } from '../../protocol/context/message-sink.js';
import type { Principal } from '../../protocol/context/principal.js';
import type { RequestContext, TransportKind } from '../../protocol/context/request-context.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import {
  isLegacyProtocolVersion,
  MODERN_PROTOCOL_VERSION,
  type ProtocolVersion,
} from '../../protocol/protocol-version.js';
import { CapabilityAccess } from '../dispatcher/capability-access.js';
import { DispatchCall } from '../dispatcher/dispatch-call.js';
import { McpToolError } from '../dispatcher/mcp-tool-error.js';
import { unknownToolError } from '../dispatcher/not-found.errors.js';
import type { InputRequester } from '../dispatcher/request-handler-context.js';
import { ToolCallRunner } from '../dispatcher/tool-call.runner.js';
import { errorResult } from '../dispatcher/tool-call.results.js';

/** Approved calls nobody claimed (a lost notice): looked for this often, expiries too. */
const UPKEEP_INTERVAL_MS = 5_000;

/** An approved call runs without its client: there is nobody to ask. */
const NO_CLIENT: InputRequester = {
  request: () => Promise.reject(new McpToolError('An approved call cannot ask its client')),
};

/**
 * Runs each approved call exactly once, on whichever instance claims it first
 * (docs/approvals.md "Call approvals"): every instance hears the decision on the ChangeBus and
 * tries the atomic claim; a sweep every few seconds picks up what a lost notice left, and
 * expires what waited too long. The call runs as its requester, through the same runner as any
 * call (input checks, audit before the handler, timeout, output checks); its result is stored
 * on the approval for the caller's retry and for the task waiting for it.
 */
@Injectable()
export class ApprovedCallExecutor implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ApprovedCallExecutor.name);
  private unsubscribe: (() => void) | undefined;
  private upkeep: NodeJS.Timeout | undefined;

  constructor(
    private readonly registry: CapabilityRegistry,
    private readonly access: CapabilityAccess,
    private readonly runner: ToolCallRunner,
    private readonly bus: ChangeBus,
    @Optional() private readonly approvals?: CallApprovals,
    @Optional() private readonly shutdown?: ShutdownCoordinator,
  ) {}

  onModuleInit(): void {
    if (this.approvals === undefined) return;
    this.unsubscribe = this.bus.subscribe((event) => this.receive(event));
    this.upkeep = setInterval(() => void this.sweep(), UPKEEP_INTERVAL_MS).unref();
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    clearInterval(this.upkeep);
  }

  /** Expires overdue approvals and runs the approved calls nobody claimed; public for tests. */
  async sweep(): Promise<void> {
    try {
      const unclaimed = await (this.approvals as CallApprovals).upkeep();
      for (const id of unclaimed) await this.execute(id);
    } catch (error) {
      this.logger.warn(`approval upkeep failed: ${String(error)}`);
    }
  }

  /**
   * Claims and runs the approval `id` if it is approved and nobody took it yet. A draining
   * instance claims nothing more (another instance's sweep takes it), and the shutdown waits
   * for a call it runs as for a request (docs/approvals.md "Call approvals").
   */
  async execute(id: string): Promise<void> {
    if (this.shutdown?.isDraining() === true) return;
    const approvals = this.approvals as CallApprovals;
    const finished = this.shutdown?.trackRequest();
    try {
      const approval = await approvals.claim(id);
      if (approval === undefined) return;
      let result: JsonObject;
      try {
        result = await this.run(approval);
      } catch (error) {
        this.logger.error(`approved call ${id} failed`, String(error));
        result = errorResult(`The approved call to ${approval.tool} failed`);
      }
      await approvals.finish(id, result.isError === true ? 'failed' : 'executed', result);
    } finally {
      finished?.();
    }
  }

  private async run(approval: CallApprovalRecord): Promise<JsonObject> {
    const principal = requesterOf(approval);
    let tool: RegisteredTool;
    try {
      tool = this.access.authorize(
        principal,
        this.registry.findToolFor(approval.tool, principal),
        () => unknownToolError(approval.tool),
      );
    } catch {
      return errorResult(`The tool ${approval.tool} is no longer available to the requester`);
    }
    if (tool.definition.definitionSha256 !== approval.definitionSha256) {
      return errorResult(
        `The tool ${approval.tool} changed since the call was requested; it did not run`,
      );
    }
    const call = new DispatchCall(
      {
        jsonrpc: '2.0',
        id: `approval:${approval.id}`,
        method: 'tools/call',
        params: { name: approval.tool, arguments: approval.arguments },
      },
      contextOf(approval, principal),
      NO_CLIENT,
    );
    try {
      return await this.runner.runApproved(tool, approval.arguments, call, approval.id);
    } finally {
      call.finish();
    }
  }

  private receive(event: ChangeEvent): void {
    if (event.channel !== APPROVAL_DECIDED_CHANNEL) return;
    const { id } = event.payload;
    if (typeof id === 'string') void this.execute(id).catch((error: unknown) => this.warn(error));
  }

  private warn(error: unknown): void {
    this.logger.warn(`running an approved call failed: ${String(error)}`);
  }
}

/** The requester as they were when they asked (roles and scopes of that token). */
function requesterOf(approval: CallApprovalRecord): Principal {
  const { requester } = approval;
  return {
    subject: requester.subject,
    roles: requester.roles,
    scopes: new Set(requester.scopes),
    clientId: requester.clientId ?? undefined,
    tenant: requester.tenant ?? undefined,
    authenticated: true,
    expiresAt: undefined,
  };
}

function contextOf(approval: CallApprovalRecord, principal: Principal): RequestContext {
  const { requester } = approval;
  const version: ProtocolVersion = isLegacyProtocolVersion(requester.protocolVersion)
    ? requester.protocolVersion
    : MODERN_PROTOCOL_VERSION;
  return {
    principal,
    transport: requester.transport as TransportKind,
    protocolVersion: version,
    session: undefined,
    clientInfo: undefined,
    clientCapabilities: {},
    logLevel: undefined,
    sink: NULL_SINK,
    signal: undefined,
    correlationId: randomUUID(),
  };
}
