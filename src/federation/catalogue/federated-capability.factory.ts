import { Injectable } from '@nestjs/common';

import { UriTemplate } from '../../mcp/discovery/uri-template.js';
import type { McpPromptArgument } from '../../protocol/capabilities/capability.types.js';
import type {
  RegisteredPrompt,
  RegisteredResource,
  RegisteredResourceTemplate,
} from '../../protocol/capabilities/registered-capability.types.js';
import type { McpHandlerContext } from '../../protocol/context/handler-context.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import type { UpstreamCatalogue } from '../client/upstream-client.types.js';
import type { OtherCapabilities } from './upstream-entry.js';
import { deepFreeze } from '../../protocol/schema/json-object.util.js';
import { type UpstreamClient, UpstreamUnavailableError } from '../client/upstream-client.types.js';
import { servedUriOf, upstreamUriOf } from './federated-uris.js';
import { upstreamErrorOf } from './upstream-errors.js';
import { McpError } from '../../protocol/json-rpc/mcp-error.js';
import { JsonRpcErrorCode } from '../../protocol/json-rpc/json-rpc-error-codes.js';

/** Where a federated resource or prompt's requests go. */
export interface FederatedTarget {
  readonly upstream: string;
  readonly client: UpstreamClient;
  readonly separator: string;
}

const OPEN_ACCESS = Object.freeze({ roles: [], scopes: [], isPublic: false });

/**
 * Upstream resources, resource templates and prompts as ours (docs/federation.md "Resources and
 * prompts"): URIs behind the upstream's prefix, prompt names namespaced like tools, access by the
 * operator's capability policy like any capability without decorators. Reads and gets go to the
 * upstream over its one connection; the URIs in what it answers are rewritten back to ours.
 */
@Injectable()
export class FederatedCapabilityFactory {
  /** Everything but the tools of an upstream's catalogue, as served (malformed entries left out). */
  catalogueOf(catalogue: UpstreamCatalogue, target: FederatedTarget): OtherCapabilities {
    const built = <T>(listings: readonly JsonObject[], build: (l: JsonObject) => T | undefined) =>
      listings.flatMap((listing) => build(listing) ?? []);
    return {
      resources: built(catalogue.resources, (l) => this.resource(l, target)),
      resourceTemplates: built(catalogue.resourceTemplates, (l) => this.template(l, target)),
      prompts: built(catalogue.prompts, (l) => this.prompt(l, target)),
    };
  }
  resource(listing: JsonObject, target: FederatedTarget): RegisteredResource | undefined {
    const { uri } = listing;
    if (typeof uri !== 'string' || typeof listing['name'] !== 'string') return undefined;
    const served = servedUriOf(target.upstream, uri);
    return Object.freeze({
      kind: 'resource',
      uri: served,
      listing: deepFreeze({ ...listing, uri: served }),
      access: OPEN_ACCESS,
      source: { className: `upstream:${target.upstream}`, methodName: uri },
      read: (requested: string, context: McpHandlerContext) => read(target, requested, context),
    } satisfies RegisteredResource);
  }

  template(listing: JsonObject, target: FederatedTarget): RegisteredResourceTemplate | undefined {
    const { uriTemplate } = listing;
    if (typeof uriTemplate !== 'string' || typeof listing['name'] !== 'string') return undefined;
    const served = servedUriOf(target.upstream, uriTemplate);
    let pattern: UriTemplate;
    try {
      pattern = UriTemplate.parse(served);
    } catch {
      return undefined;
    }
    return Object.freeze({
      kind: 'resource-template',
      uriTemplate: served,
      listing: deepFreeze({ ...listing, uriTemplate: served }),
      access: OPEN_ACCESS,
      source: { className: `upstream:${target.upstream}`, methodName: uriTemplate },
      match: (uri: string) => pattern.match(uri),
      read: (uri: string, _variables: Record<string, string>, context: McpHandlerContext) =>
        read(target, uri, context),
    } satisfies RegisteredResourceTemplate);
  }

  prompt(listing: JsonObject, target: FederatedTarget): RegisteredPrompt | undefined {
    const { name } = listing;
    if (typeof name !== 'string') return undefined;
    const served = `${target.upstream}${target.separator}${name}`;
    const args = Array.isArray(listing['arguments'])
      ? (listing['arguments'] as unknown as McpPromptArgument[]).filter(
          (argument) => typeof argument.name === 'string',
        )
      : [];
    return Object.freeze({
      kind: 'prompt',
      name: served,
      arguments: args,
      listing: deepFreeze({ ...listing, name: served }),
      access: OPEN_ACCESS,
      source: { className: `upstream:${target.upstream}`, methodName: name },
      get: (values: Record<string, string>, context: McpHandlerContext) =>
        relay(target, () =>
          target.client.getPrompt(name, values, { signal: context.signal, retryable: true }),
        ),
    } satisfies RegisteredPrompt);
  }
}

async function read(
  target: FederatedTarget,
  uri: string,
  context: McpHandlerContext,
): Promise<JsonObject> {
  const original = upstreamUriOf(target.upstream, uri);
  if (original === undefined) throw new Error(`${uri} is not a resource of ${target.upstream}`);
  const result = await relay(target, () =>
    target.client.readResource(original, { signal: context.signal, retryable: true }),
  );
  const contents: unknown[] = Array.isArray(result['contents']) ? result['contents'] : [];
  return {
    ...result,
    contents: contents.map((content): unknown => {
      if (typeof content !== 'object' || content === null || Array.isArray(content)) return content;
      const own = (content as JsonObject)['uri'];
      return typeof own === 'string'
        ? { ...content, uri: servedUriOf(target.upstream, own) }
        : content;
    }),
  };
}

/** A down upstream is a server-side failure of this read; the upstream's own errors pass. */
async function relay(
  target: FederatedTarget,
  request: () => Promise<JsonObject>,
): Promise<JsonObject> {
  try {
    return await request();
  } catch (error) {
    if (error instanceof UpstreamUnavailableError) {
      throw new McpError(JsonRpcErrorCode.InternalError, error.message);
    }
    throw upstreamErrorOf(error, target.upstream) ?? error;
  }
}
