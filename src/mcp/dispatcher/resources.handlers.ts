import { Inject, Injectable } from '@nestjs/common';

import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.constants.js';
import type { McpSession } from '../../protocol/context/mcp-session.js';
import { CapabilityRegistry } from '../../protocol/capabilities/capability-registry.js';
import type {
  RegisteredResource,
  RegisteredResourceTemplate,
} from '../../protocol/capabilities/registered-capability.types.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import { McpError } from '../../protocol/json-rpc/mcp-error.js';
import { CapabilityAccess } from './capability-access.js';
import type { DispatchCall } from './dispatch-call.js';
import { McpExtensions } from './mcp-extensions.js';
import type { MethodEntry, MethodGroup } from './method-entry.types.js';
import { deniedAsNotFound, resourceNotFoundError } from './not-found.errors.js';
import { listResult, paginate } from './pagination.js';
import { listResources } from './resource-list.js';

const EMPTY_RESULT: JsonObject = Object.freeze({});
const resourceKey = (resource: RegisteredResource): string => resource.uri;
const templateKey = (template: RegisteredResourceTemplate): string => template.uriTemplate;

/** Resources, their templates, reads and (legacy) subscriptions (server features §Resources). */
@Injectable()
export class ResourcesHandlers implements MethodGroup {
  private readonly pageSize: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly registry: CapabilityRegistry,
    private readonly access: CapabilityAccess,
    private readonly extensions: McpExtensions,
  ) {
    this.pageSize = config.limits.pageSize;
  }

  methodEntries(): readonly (readonly [string, MethodEntry])[] {
    return [
      ['resources/list', { era: 'all', handle: (call) => this.list(call) }],
      ['resources/templates/list', { era: 'all', handle: (call) => this.listTemplates(call) }],
      ['resources/read', { era: 'all', handle: (call) => this.read(call) }],
      ['resources/subscribe', { era: 'legacy', handle: (call) => this.subscribe(call, true) }],
      ['resources/unsubscribe', { era: 'legacy', handle: (call) => this.subscribe(call, false) }],
    ];
  }

  private list(call: DispatchCall): Promise<JsonObject> {
    const { principal } = call.ctx;
    const sources = [
      ...this.registry.resourceListSources(),
      ...this.extensions.resourceListSources(),
    ];
    return listResources(
      call,
      (params) =>
        paginate(this.registry.resources(), params, this.pageSize, resourceKey, (r) =>
          this.access.isVisible(principal, r),
        ),
      sources.length === 0
        ? sources
        : sources.filter((source) => this.access.isVisible(principal, source.template)),
      this.pageSize,
    );
  }

  private listTemplates(call: DispatchCall): Promise<JsonObject> {
    const { principal } = call.ctx;
    const templates = this.registry.resourceTemplates();
    const page = paginate(templates, call.params, this.pageSize, templateKey, (t) =>
      this.access.isVisible(principal, t),
    );
    return Promise.resolve(listResult('resourceTemplates', page));
  }

  private read(call: DispatchCall): Promise<JsonObject> {
    const uri = uriOf(call);
    const target = this.resolve(uri, call);
    const contents =
      target.kind === 'resource'
        ? target.resource.read(uri, call.handlerContext)
        : target.template.read(uri, target.variables, call.handlerContext);
    return deniedAsNotFound(contents, () => resourceNotFoundError(uri, call.ctx.protocolVersion));
  }

  /**
   * `resources/subscribe|unsubscribe`: only for a resource the caller may read. A federated one's
   * first subscription of this session is forwarded upstream before it counts here, so a refusal
   * leaves nothing half done (docs/federation.md "Resources and prompts").
   */
  private async subscribe(call: DispatchCall, subscribe: boolean): Promise<JsonObject> {
    const session = sessionOf(call);
    const uri = uriOf(call);
    if (subscribe) {
      const target = this.resolve(uri, call);
      const forward =
        target.kind === 'resource' ? target.resource.subscribe : target.template.subscribe;
      if (forward !== undefined && !session.forwardedSubscriptions.has(uri)) {
        const release = await forward(uri, call.handlerContext);
        // A concurrent subscribe of this session got there first: one forwarded is enough.
        if (session.forwardedSubscriptions.has(uri)) await release();
        else session.forwardedSubscriptions.set(uri, release);
      }
      session.resourceSubscriptions.set(uri, call.ctx.principal);
    } else {
      session.resourceSubscriptions.delete(uri);
      const release = session.forwardedSubscriptions.get(uri);
      session.forwardedSubscriptions.delete(uri);
      await release?.();
    }
    return EMPTY_RESULT;
  }

  private resolve(
    uri: string,
    call: DispatchCall,
  ):
    | { readonly kind: 'resource'; readonly resource: RegisteredResource }
    | {
        readonly kind: 'template';
        readonly template: RegisteredResourceTemplate;
        readonly variables: Record<string, string>;
      } {
    const { principal, protocolVersion } = call.ctx;
    const notFound = (): McpError => resourceNotFoundError(uri, protocolVersion);
    const resource = this.registry.findResource(uri);
    if (resource !== undefined) {
      return { kind: 'resource', resource: this.access.authorize(principal, resource, notFound) };
    }
    const match =
      this.registry.matchResourceTemplate(uri) ?? this.extensions.matchResourceTemplate(uri);
    const template = this.access.authorize(principal, match?.template, notFound);
    return { kind: 'template', template, variables: match?.variables ?? {} };
  }
}

function uriOf(call: DispatchCall): string {
  const { uri } = call.params;
  if (typeof uri !== 'string')
    throw McpError.invalidParams('Invalid params: "uri" must be a string');
  return uri;
}

function sessionOf(call: DispatchCall): McpSession {
  const { session } = call.ctx;
  if (session === undefined) {
    throw McpError.invalidRequest('Invalid request: resource subscriptions need a session');
  }
  return session;
}
