import { Test } from '@nestjs/testing';

import type { McpSession } from '../../src/protocol/context/mcp-session.js';
import type { Principal } from '../../src/protocol/context/principal.js';
import type { RequestContext } from '../../src/protocol/context/request-context.js';
import { McpDispatcher } from '../../src/mcp/dispatcher/mcp-dispatcher.js';
import type {
  JsonObject,
  JsonRpcErrorResponse,
  JsonRpcId,
  JsonRpcResponse,
} from '../../src/protocol/json-rpc/json-rpc.types.js';
import { McpCoreModule } from '../../src/mcp/mcp-core.module.js';
import { McpSessionService } from '../../src/sessions/mcp-session.service.js';
import { PolicyModule } from '../../src/policy/policy.module.js';
import {
  FakeAuditLog,
  FakeCapabilityRegistry,
  FakeSessionRepository,
  fakePortsModule,
  RecordingSink,
  principal,
  requestContext,
  testConfig,
} from './mcp-core.fakes.js';

/** The real `McpCoreModule` wired through Nest DI over in-memory ports. */
export interface CoreHarness {
  readonly dispatcher: McpDispatcher;
  readonly sessions: McpSessionService;
  readonly registry: FakeCapabilityRegistry;
  readonly audit: FakeAuditLog;
  readonly repository: FakeSessionRepository;
  readonly alice: Principal;
  /** Opens a session for `who` through `initialize` and returns it with its request sink. */
  openSession(
    who?: Principal,
    options?: { version?: string; capabilities?: JsonObject },
  ): Promise<McpSession>;
  /** Context of a request on `session` (or stateless 2026-07-28 when `session` is undefined). */
  context(
    session: McpSession | undefined,
    overrides?: Partial<RequestContext>,
  ): RequestContext & {
    sink: RecordingSink;
  };
  request(
    ctx: RequestContext,
    method: string,
    params?: JsonObject,
    id?: JsonRpcId,
  ): Promise<JsonRpcResponse | undefined>;
  close(): Promise<void>;
}

export async function createCoreHarness(env: Record<string, string> = {}): Promise<CoreHarness> {
  const registry = new FakeCapabilityRegistry();
  const audit = new FakeAuditLog();
  const repository = new FakeSessionRepository();

  const moduleRef = await Test.createTestingModule({
    imports: [
      fakePortsModule({ config: testConfig(env), registry, audit, repository }),
      PolicyModule,
      McpCoreModule,
    ],
  }).compile();
  const dispatcher = moduleRef.get(McpDispatcher);
  const sessions = moduleRef.get(McpSessionService);
  const alice = principal('alice');
  let nextId = 1;

  const harness: CoreHarness = {
    dispatcher,
    sessions,
    registry,
    audit,
    repository,
    alice,
    async openSession(who = alice, options = {}) {
      const { session } = await dispatcher.initialize(
        {
          jsonrpc: '2.0',
          id: 0,
          method: 'initialize',
          params: {
            protocolVersion: options.version ?? '2025-11-25',
            capabilities: options.capabilities ?? {},
            clientInfo: { name: 'test-client', version: '1.0.0' },
          },
        },
        who,
        'streamable-http',
        new RecordingSink(),
      );
      if (session === undefined) throw new Error('initialize failed');
      return session;
    },
    context(session, overrides = {}) {
      const sink = new RecordingSink();
      return {
        ...requestContext({
          principal: session === undefined ? alice : principal(session.subject),
          sink,
          session,
          ...(session === undefined ? { protocolVersion: '2026-07-28' as const } : {}),
          ...overrides,
        }),
        sink,
      };
    },
    request(ctx, method, params, id = nextId++) {
      return dispatcher.dispatch(
        { jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) },
        ctx,
      );
    },
    close: () => moduleRef.close(),
  };
  return harness;
}

/** The `error` of an error response; throws (failing the test) on anything else. */
export function errorOf(response: JsonRpcResponse | undefined): JsonRpcErrorResponse['error'] {
  if (response === undefined || !('error' in response)) {
    throw new Error(`expected an error, got ${JSON.stringify(response)}`);
  }
  return response.error;
}

/** The `result` of a success response; throws (failing the test) on anything else. */
export function resultOf(response: JsonRpcResponse | undefined): Record<string, unknown> {
  if (response === undefined || !('result' in response)) {
    throw new Error(`expected a result, got ${JSON.stringify(response)}`);
  }
  return response.result;
}
