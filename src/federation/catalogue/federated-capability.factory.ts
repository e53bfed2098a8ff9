import { Injectable, Optional } from '@nestjs/common';

import { CallerTokens } from '../../auth/caller-tokens.js';
import { withTraceMeta } from '../../tracing/trace-context.writer.js';

import { UriTemplate } from '../../mcp/discovery/uri-template.js';
import type { McpPromptArgument } from '../../protocol/capabilities/capability.types.js';
import type {
  RegisteredPrompt,
  RegisteredResource,
  RegisteredResourceTemplate,
  SubscriptionForwarding,
} from '../../protocol/capabilities/registered-capability.types.js';
import type { McpHandlerContext } from '../../protocol/context/handler-context.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import type { UpstreamCatalogue } from '../client/upstream-client.types.js';
import type { OtherCapabilities } from './upstream-entry.js';
import { deepFreeze } from '../../protocol/schema/json-object.util.js';
import {
  type UpstreamClient,
  type UpstreamRequestOptions,
  UpstreamUnavailableError,
} from '../client/upstream-client.types.js';
import { servedUriOf, upstreamUriOf } from './federated-uris.js';
import { upstreamErrorOf } from './upstream-errors.js';
import { McpError } from '../../protocol/json-rpc/mcp-error.js';
import { JsonRpcErrorCode } from '../../protocol/json-rpc/json-rpc-error-codes.js';
import { ownResult } from './upstream-result.js';
import type { UpstreamSubscriptions } from './upstream-subscriptions.js';

/** Where a federated resource or prompt's requests go. */
export interface FederatedTarget {
  readonly upstream: string;
  readonly client: UpstreamClient;
  readonly separator: string;
  /** The upstream's credential is an RFC 8693 exchange of the caller's token. */
  readonly exchangesCallerToken: boolean;
  /** Present when the upstream advertises `resources.subscribe`: our subscriptions go there. */
  readonly subscriptions?: UpstreamSubscriptions;
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
  constructor(
    // Absent with auth off or in unit harnesses: there is then no caller token to exchange.
    @Optional() private readonly callerTokens?: CallerTokens,
  ) {}

  /** Reads and gets change nothing: retryable; the caller's token only for an exchange. */
  private requestOptions(
    target: FederatedTarget,
    context: McpHandlerContext,
  ): UpstreamRequestOptions {
    const subjectToken = target.exchangesCallerToken
      ? this.callerTokens?.tokenOf(context.principal)
      : undefined;
    return {
      signal: context.signal,
      retryable: true,
      meta: withTraceMeta(),
      ...(subjectToken === undefined ? {} : { subjectToken }),
    };
  }

  /** Subscriptions to the upstream's resources go upstream, shared by our sessions. */
  private forwarding(target: FederatedTarget): SubscriptionForwarding | undefined {
    const { subscriptions } = target;
    if (subscriptions === undefined) return undefined;
    return async (uri, context) => {
      const original = upstreamUriOf(target.upstream, uri);
      if (original === undefined) throw new Error(`${uri} is not a resource of ${target.upstream}`);
      const options = this.requestOptions(target, context);
      return relayErrors(target, () => subscriptions.acquire(original, options));
    };
  }

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
      read: (requested: string, context: McpHandlerContext) =>
        read(target, requested, this.requestOptions(target, context)),
      subscribe: this.forwarding(target),
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
        read(target, uri, this.requestOptions(target, context)),
      subscribe: this.forwarding(target),
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
          target.client.getPrompt(name, values, this.requestOptions(target, context)),
        ),
    } satisfies RegisteredPrompt);
  }
}

async function read(
  target: FederatedTarget,
  uri: string,
  options: UpstreamRequestOptions,
): Promise<JsonObject> {
  const original = upstreamUriOf(target.upstream, uri);
  if (original === undefined) throw new Error(`${uri} is not a resource of ${target.upstream}`);
  const result = await relay(target, () => target.client.readResource(original, options));
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

async function relay(
  target: FederatedTarget,
  request: () => Promise<JsonObject>,
): Promise<JsonObject> {
  return ownResult(await relayErrors(target, request));
}

/** A down upstream is a server-side failure of this request; the upstream's own errors pass. */
async function relayErrors<T>(target: FederatedTarget, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (error instanceof UpstreamUnavailableError) {
      throw new McpError(JsonRpcErrorCode.InternalError, error.message);
    }
    throw upstreamErrorOf(error, target.upstream) ?? error;
  }
}
