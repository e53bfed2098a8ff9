import {
  AuditLog,
  type ToolCallCompleted,
  type ToolCallFinished,
  type ToolCallStarted,
} from '../../src/audit/audit-log.js';
import { type DynamicModule, Module, type Provider } from '@nestjs/common';

import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { APP_CONFIG } from '../../src/config/config.constants.js';
import type { McpHandlerContext } from '../../src/protocol/context/handler-context.js';
import type { McpLogLevel, McpSession } from '../../src/protocol/context/mcp-session.js';
import type { JsonRpcMessage } from '../../src/protocol/json-rpc/json-rpc.types.js';
import { type MessageSink } from '../../src/protocol/context/message-sink.js';
import type { Principal } from '../../src/protocol/context/principal.js';
import type { RequestContext } from '../../src/protocol/context/request-context.js';
import { CapabilityRegistry } from '../../src/protocol/capabilities/capability-registry.js';
import type {
  AccessRequirements,
  CompletionReference,
  ToolAnnotations,
} from '../../src/protocol/capabilities/capability.types.js';
import type {
  RegisteredCompletion,
  RegisteredPrompt,
  RegisteredResource,
  RegisteredResourceTemplate,
  RegisteredTool,
  ResourceListSource,
  SchemaCheck,
  ToolInputParser,
} from '../../src/protocol/capabilities/registered-capability.types.js';
import type { JsonObject } from '../../src/protocol/json-rpc/json-rpc.types.js';
import type { ProtocolVersion } from '../../src/protocol/protocol-version.js';
import { ServerSecretStore } from '../../src/security/secrets/server-secret.store.js';
import { ChangeBus, ChangeSubscribers, type ChangeHandler } from '../../src/events/change-bus.js';
import { McpSessionService } from '../../src/sessions/mcp-session.service.js';
import {
  type ActiveSessionCap,
  SessionRepository,
  type SessionRecord,
} from '../../src/sessions/session.repository.js';

/*
 * In-memory doubles of the ports the protocol core depends on, for unit specs only
 * (integration tests use the real Postgres implementations).
 */

export function testConfig(env: Record<string, string> = {}): AppConfig {
  return loadConfig({ HOST: '127.0.0.1', ...env });
}

export const OPEN: AccessRequirements = { roles: [], scopes: [], isPublic: false };

export function principal(subject: string, overrides: Partial<Principal> = {}): Principal {
  return {
    subject,
    roles: [],
    scopes: new Set(),
    clientId: undefined,
    tenant: undefined,
    authenticated: true,
    expiresAt: undefined,
    ...overrides,
  };
}

export interface FakeToolOptions {
  readonly access?: AccessRequirements;
  readonly timeoutMs?: number;
  readonly annotations?: ToolAnnotations;
  readonly parseInput?: ToolInputParser;
  readonly validateOutput?: SchemaCheck;
  readonly invoke?: (args: JsonObject, context: McpHandlerContext) => Promise<JsonObject>;
}

export function fakeTool(name: string, options: FakeToolOptions = {}): RegisteredTool {
  return {
    kind: 'tool',
    definition: {
      name,
      description: `${name} tool`,
      inputSchema: { type: 'object' },
      version: '1.0.0',
      definitionSha256: 'f'.repeat(64),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.annotations === undefined ? {} : { annotations: options.annotations }),
    },
    listing: { name, description: `${name} tool`, inputSchema: { type: 'object' } },
    access: options.access ?? OPEN,
    source: { className: 'FakeTools', methodName: name },
    parseInput: options.parseInput ?? ((args) => Promise.resolve({ ok: true, value: args })),
    validateOutput: options.validateOutput,
    invoke: options.invoke ?? (() => Promise.resolve({ content: [{ type: 'text', text: 'ok' }] })),
  };
}

export function fakeResource(uri: string, access: AccessRequirements = OPEN): RegisteredResource {
  return {
    kind: 'resource',
    uri,
    listing: { uri, name: uri },
    access,
    source: { className: 'FakeResources', methodName: uri },
    read: (readUri) => Promise.resolve({ contents: [{ uri: readUri, text: 'content' }] }),
  };
}

export function fakePrompt(
  name: string,
  args: RegisteredPrompt['arguments'] = [],
  access: AccessRequirements = OPEN,
): RegisteredPrompt {
  return {
    kind: 'prompt',
    name,
    arguments: args,
    listing: { name },
    access,
    source: { className: 'FakePrompts', methodName: name },
    get: (values) =>
      Promise.resolve({
        messages: [{ role: 'user', content: { type: 'text', text: JSON.stringify(values) } }],
      }),
  };
}

export class FakeCapabilityRegistry extends CapabilityRegistry {
  toolList: RegisteredTool[] = [];
  resourceList: RegisteredResource[] = [];
  templateList: RegisteredResourceTemplate[] = [];
  promptList: RegisteredPrompt[] = [];
  completions: RegisteredCompletion[] = [];

  tools(): readonly RegisteredTool[] {
    return this.toolList;
  }
  findTool(name: string): RegisteredTool | undefined {
    return this.toolList.find((tool) => tool.definition.name === name);
  }
  /** No client pins here: every client is served the same tools. */
  toolsFor(): readonly RegisteredTool[] {
    return this.tools();
  }
  findToolFor(name: string): RegisteredTool | undefined {
    return this.findTool(name);
  }
  allToolVersions(): readonly RegisteredTool[] {
    return this.toolList;
  }
  resources(): readonly RegisteredResource[] {
    return this.resourceList;
  }
  findResource(uri: string): RegisteredResource | undefined {
    return this.resourceList.find((resource) => resource.uri === uri);
  }
  resourceTemplates(): readonly RegisteredResourceTemplate[] {
    return this.templateList;
  }
  resourceListSources(): readonly ResourceListSource[] {
    return [];
  }
  matchResourceTemplate(
    uri: string,
  ): { template: RegisteredResourceTemplate; variables: Record<string, string> } | undefined {
    for (const template of this.templateList) {
      const variables = template.match(uri);
      if (variables !== undefined) return { template, variables };
    }
    return undefined;
  }
  prompts(): readonly RegisteredPrompt[] {
    return this.promptList;
  }
  findPrompt(name: string): RegisteredPrompt | undefined {
    return this.promptList.find((prompt) => prompt.name === name);
  }
  findCompletion(ref: CompletionReference, argument: string): RegisteredCompletion | undefined {
    return this.completions.find(
      (completion) =>
        completion.argument === argument && JSON.stringify(completion.ref) === JSON.stringify(ref),
    );
  }
}

export class FakeAuditLog extends AuditLog {
  readonly started: ToolCallStarted[] = [];
  readonly finished: ToolCallFinished[] = [];
  readonly completed: ToolCallCompleted[] = [];
  failWith: Error | undefined;

  recordStarted(entry: ToolCallStarted): Promise<void> {
    if (this.failWith !== undefined) return Promise.reject(this.failWith);
    this.started.push(entry);
    return Promise.resolve();
  }
  recordCompleted(entry: ToolCallCompleted): Promise<void> {
    if (this.failWith !== undefined) return Promise.reject(this.failWith);
    this.completed.push(entry);
    return Promise.resolve();
  }
  recordFinished(entry: ToolCallFinished): void {
    this.finished.push(entry);
  }
  flush(): Promise<void> {
    return Promise.resolve();
  }
}

export class FakeSessionRepository extends SessionRepository {
  readonly records = new Map<string, SessionRecord & { ended?: boolean }>();
  readonly touches: (readonly string[])[] = [];
  readonly levels: [string, McpLogLevel][] = [];

  insertBelowCap(record: SessionRecord, cap: ActiveSessionCap): Promise<boolean> {
    const active = [...this.records.values()].filter(
      (r) => r.subject === record.subject && r.ended !== true,
    );
    if (active.length >= cap.maxActive) return Promise.resolve(false);
    this.records.set(record.id, record);
    return Promise.resolve(true);
  }
  findActive(id: string): Promise<SessionRecord | undefined> {
    const record = this.records.get(id);
    return Promise.resolve(record?.ended === true ? undefined : record);
  }
  setLogLevel(id: string, level: McpLogLevel): Promise<void> {
    this.levels.push([id, level]);
    return Promise.resolve();
  }
  touch(ids: readonly string[]): Promise<void> {
    this.touches.push(ids);
    return Promise.resolve();
  }
  end(id: string): Promise<boolean> {
    const record = this.records.get(id);
    if (record === undefined || record.ended === true) return Promise.resolve(false);
    this.records.set(id, { ...record, ended: true });
    return Promise.resolve(true);
  }
}

/** Deterministic per-name secrets, so specs need no database. */
export class FakeServerSecretStore extends ServerSecretStore {
  getOrCreate(name: string, bytes: number): Promise<Buffer> {
    return Promise.resolve(Buffer.alloc(bytes, name));
  }
}

/** Delivers published changes to this process's subscribers only, synchronously. */
export class FakeChangeBus extends ChangeBus {
  private readonly subscribers = new ChangeSubscribers();

  publish(channel: string, payload: Readonly<Record<string, unknown>> = {}): Promise<void> {
    this.subscribers.deliver({ channel, payload }, (error) => {
      throw error;
    });
    return Promise.resolve();
  }
  subscribe(handler: ChangeHandler): () => void {
    return this.subscribers.add(handler);
  }
}

/** A sink that records what it was given. */
export class RecordingSink implements MessageSink {
  readonly messages: JsonRpcMessage[] = [];
  open = true;

  send(message: JsonRpcMessage): boolean {
    if (this.open) this.messages.push(message);
    return this.open;
  }
}

export function requestContext(
  overrides: Partial<RequestContext> & { principal: Principal; sink: MessageSink },
): RequestContext {
  const session: McpSession | undefined = overrides.session;
  const protocolVersion: ProtocolVersion =
    overrides.protocolVersion ?? session?.protocolVersion ?? '2025-11-25';
  return {
    transport: 'streamable-http',
    protocolVersion,
    session,
    clientInfo: { name: 'test-client', version: '1.0.0' },
    clientCapabilities: session?.clientCapabilities ?? {},
    logLevel: session?.logLevel,
    signal: undefined,
    correlationId: `corr-${Math.random().toString(16).slice(2)}`,
    ...overrides,
  };
}

/** What {@link fakePortsModule} provides; `providers` adds more (e.g. a real DataSource). */
export interface FakePorts {
  readonly config: AppConfig;
  readonly registry: CapabilityRegistry;
  readonly audit: AuditLog;
  readonly repository: SessionRepository;
  readonly providers?: readonly Provider[];
}

/**
 * A global module holding the ports the MCP core needs (config, capability registry, audit log,
 * the live sessions over a fake repository, server secrets, change bus), for assembling the core
 * without the app.
 */
export function fakePortsModule(ports: FakePorts): DynamicModule {
  const extra = ports.providers ?? [];
  const providers: Provider[] = [
    { provide: APP_CONFIG, useValue: ports.config },
    { provide: CapabilityRegistry, useValue: ports.registry },
    { provide: AuditLog, useValue: ports.audit },
    { provide: SessionRepository, useValue: ports.repository },
    { provide: ServerSecretStore, useValue: new FakeServerSecretStore() },
    { provide: ChangeBus, useValue: new FakeChangeBus() },
    McpSessionService,
    ...extra,
  ];
  return {
    module: FakePortsModule,
    global: true,
    providers,
    exports: providers,
  };
}

@Module({})
class FakePortsModule {}
