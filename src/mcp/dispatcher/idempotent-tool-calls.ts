import { Injectable, Logger, Optional } from '@nestjs/common';

import { AuditLog } from '../../audit/audit-log.js';
import { idempotencyKeyOf } from '../../idempotency/idempotency-key.js';
import { IdempotencyService, principalKeyOf } from '../../idempotency/idempotency.service.js';
import type { KeyedCall } from '../../idempotency/tool-call-results.store.js';
import { RequestTelemetry } from '../../metrics/request-telemetry.js';
import type { RegisteredTool } from '../../protocol/capabilities/registered-capability.types.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import { McpError } from '../../protocol/json-rpc/mcp-error.js';
import type { DispatchCall } from './dispatch-call.js';
import { argumentsSha256Of, ToolCallAudit } from './tool-call.audit.js';
import { errorResult, isTransient } from './tool-call.results.js';

/**
 * How long past its timeout a claimed key stays held when the instance running the call dies
 * without settling it: then a retry may claim it and run.
 */
const LEASE_MARGIN_MS = 30_000;

/**
 * Idempotent retries around the tool-call runner (docs/approvals.md "Idempotent retries"): a
 * keyed call claims its key, runs once and stores its result; a retry with the same key,
 * arguments and tool gets that result again (audited as `replayed`), waiting while the first
 * runs; the same key with other arguments is -32602 and nothing runs. Calls without a key never
 * get here. Without the idempotency service (a core assembled alone) keys are not read.
 */
@Injectable()
export class IdempotentToolCalls {
  private readonly logger = new Logger(IdempotentToolCalls.name);

  constructor(
    private readonly auditLog: AuditLog,
    @Optional() private readonly service?: IdempotencyService,
    @Optional() private readonly telemetry?: RequestTelemetry,
  ) {}

  /** The call's key, or `undefined` (no key, or no idempotency service); -32602 when malformed. */
  keyOf(tool: RegisteredTool, args: JsonObject, call: DispatchCall): string | undefined {
    return this.service === undefined ? undefined : idempotencyKeyOf(tool, call.params, args);
  }

  /** Runs `execute` once per key; `timeoutMs` bounds the wait for a first call still running. */
  async run(
    tool: RegisteredTool,
    args: JsonObject,
    key: string,
    call: DispatchCall,
    timeoutMs: number,
    execute: () => Promise<JsonObject>,
  ): Promise<JsonObject> {
    const service = this.service as IdempotencyService;
    const keyed: KeyedCall = {
      principalKey: principalKeyOf(call.ctx.principal),
      key,
      tool: tool.definition.name,
      argumentsSha256: argumentsSha256Of(args),
    };
    const acquired = await service.acquire(
      keyed,
      timeoutMs + LEASE_MARGIN_MS,
      Date.now() + timeoutMs,
      call.signal,
    );
    switch (acquired.kind) {
      case 'conflict':
        throw McpError.invalidParams(
          `Invalid params: idempotency key ${JSON.stringify(key)} was already used with other ` +
            'arguments or another tool; nothing ran',
        );
      case 'busy':
        return errorResult(
          `The first call with idempotency key ${JSON.stringify(key)} is still running; retry later`,
        );
      case 'completed':
        return this.replay(tool, args, keyed, acquired.result, call);
      case 'owner':
        return this.runOnce(service, keyed, execute);
    }
  }

  private async runOnce(
    service: IdempotencyService,
    keyed: KeyedCall,
    execute: () => Promise<JsonObject>,
  ): Promise<JsonObject> {
    let result: JsonObject;
    try {
      result = await execute();
    } catch (error) {
      // No result to give again (cancelled, input required, a protocol error): a retry runs.
      await this.release(service, keyed);
      throw error;
    }
    if (isTransient(result)) await this.release(service, keyed);
    else {
      await service.complete(keyed, result).catch((cause: unknown) => this.warn('storing', cause));
    }
    return result;
  }

  private release(service: IdempotencyService, keyed: KeyedCall): Promise<void> {
    return service.release(keyed).catch((cause: unknown) => this.warn('releasing', cause));
  }

  /** The first result again: audited like a call (fail closed), with outcome `replayed`. */
  private async replay(
    tool: RegisteredTool,
    args: JsonObject,
    keyed: KeyedCall,
    result: JsonObject,
    call: DispatchCall,
  ): Promise<JsonObject> {
    const audit = await ToolCallAudit.start(this.auditLog, tool, args, keyed.argumentsSha256, call);
    audit.finish('replayed', undefined, this.telemetry);
    return result;
  }

  private warn(what: string, cause: unknown): void {
    // The call's own answer stands; the key's lease runs out and a later retry runs again.
    this.logger.warn(`${what} the result of an idempotent call failed: ${String(cause)}`);
  }
}
