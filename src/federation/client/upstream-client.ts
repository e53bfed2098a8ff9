import type { Client, RequestOptions } from '@modelcontextprotocol/client';

import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import type {
  UpstreamCatalogue,
  UpstreamClient,
  UpstreamClientFactory,
  UpstreamEndpoint,
  UpstreamHealth,
  UpstreamNotification,
  UpstreamRequestOptions,
} from './upstream-client.types.js';
import { UpstreamConnection } from './upstream-connection.js';
import type { UpstreamClientHooks } from './credentials/interactive-authorization.js';
import {
  upstreamCredentials,
  type UpstreamCredentials,
} from './credentials/upstream-credentials.js';
import {
  DEFAULT_UPSTREAM_CLIENT_OPTIONS,
  type UpstreamClientOptions,
} from './upstream-client.options.js';
import { describe, isConnectionFailure, isLostSession, toCallerError } from './upstream-errors.js';
import { UpstreamHealthTracker } from './upstream-health.js';
import { relayRequestLogs } from './request-log-relay.js';
import { UpstreamResilience } from './upstream-resilience.js';
import { assertUsableEndpoint } from './upstream-transport.js';

type Operation<T> = (client: Client, options: RequestOptions) => Promise<T>;

/**
 * The client side of federation: one long-lived SDK connection per upstream, shared by every
 * call (docs/federation-client.md).
 *
 * @throws InvalidUpstreamEndpointError when the endpoint cannot be served as given
 */
export const createUpstreamClient: UpstreamClientFactory = (endpoint) =>
  new FederatedUpstreamClient(endpoint, DEFAULT_UPSTREAM_CLIENT_OPTIONS);

/** {@link createUpstreamClient} with the given settings (`UpstreamClientSettings`). */
export function upstreamClientFactory(
  options: UpstreamClientOptions,
  hooks: UpstreamClientHooks = {},
): UpstreamClientFactory {
  return (endpoint) => new FederatedUpstreamClient(endpoint, options, hooks);
}

class FederatedUpstreamClient implements UpstreamClient {
  readonly name: string;
  private readonly healthTracker = new UpstreamHealthTracker();
  private readonly listeners = new Set<(notification: UpstreamNotification) => void>();
  /** Resources we are subscribed to: a new connection (a new session upstream) subscribes again. */
  private readonly subscriptions = new Set<string>();
  private readonly connection: UpstreamConnection;
  private readonly credentials: UpstreamCredentials;
  private readonly resilience: UpstreamResilience;

  constructor(
    private readonly endpoint: UpstreamEndpoint,
    options: UpstreamClientOptions,
    hooks: UpstreamClientHooks = {},
  ) {
    assertUsableEndpoint(endpoint);
    this.name = endpoint.name;
    this.credentials = upstreamCredentials(endpoint, options);
    this.resilience = new UpstreamResilience(endpoint.name, options, this.healthTracker);
    this.connection = new UpstreamConnection(
      endpoint,
      this.healthTracker,
      this.credentials,
      (notification) => {
        for (const listener of this.listeners) listener(notification);
      },
      hooks.interactiveAuthorization?.(endpoint),
      (client) => this.resubscribe(client, endpoint.requestTimeoutMs),
    );
  }

  health(): UpstreamHealth {
    return this.healthTracker.get();
  }

  catalogue(options: UpstreamRequestOptions): Promise<UpstreamCatalogue> {
    return this.request(options, async (client, requestOptions) => {
      // `refresh`: always asked anew, and kept as the SDK's view of the tools, which on a
      // 2026-07-28 HTTP connection mirrors `x-mcp-header` arguments into `Mcp-Param-*` headers
      // (SEP-2243) and validates structured results against each tool's `outputSchema`.
      const listOptions = { ...requestOptions, cacheMode: 'refresh' as const };
      const [tools, resources, templates, prompts] = await Promise.all([
        client.listTools(withMeta({}, options.meta), listOptions),
        client.listResources(withMeta({}, options.meta), listOptions),
        client.listResourceTemplates(withMeta({}, options.meta), listOptions),
        client.listPrompts(withMeta({}, options.meta), listOptions),
      ]);
      return {
        tools: tools.tools.map((tool) => ({ ...tool })),
        resources: resources.resources.map((resource) => ({ ...resource })),
        resourceTemplates: templates.resourceTemplates.map((template) => ({ ...template })),
        prompts: prompts.prompts.map((prompt) => ({ ...prompt })),
        protocolVersion: client.getNegotiatedProtocolVersion() ?? 'unknown',
        serverInfo: { ...client.getServerVersion() },
        resourceSubscriptions: client.getServerCapabilities()?.resources?.subscribe === true,
      };
    });
  }

  callTool(name: string, args: JsonObject, options: UpstreamRequestOptions): Promise<JsonObject> {
    return this.request(options, async (client, requestOptions) => ({
      ...(await client.callTool(withMeta({ name, arguments: args }, options.meta), requestOptions)),
    }));
  }

  readResource(uri: string, options: UpstreamRequestOptions): Promise<JsonObject> {
    return this.request(options, async (client, requestOptions) => ({
      ...(await client.readResource(withMeta({ uri }, options.meta), {
        ...requestOptions,
        cacheMode: 'bypass',
      })),
    }));
  }

  getPrompt(
    name: string,
    args: Readonly<Record<string, string>>,
    options: UpstreamRequestOptions,
  ): Promise<JsonObject> {
    return this.request(options, async (client, requestOptions) => ({
      ...(await client.getPrompt(
        withMeta({ name, arguments: { ...args } }, options.meta),
        requestOptions,
      )),
    }));
  }

  async subscribeResource(uri: string, options: UpstreamRequestOptions): Promise<void> {
    await this.request(options, (client, requestOptions) =>
      client.subscribeResource(withMeta({ uri }, options.meta), requestOptions),
    );
    this.subscriptions.add(uri);
  }

  async unsubscribeResource(uri: string, options: UpstreamRequestOptions): Promise<void> {
    this.subscriptions.delete(uri);
    await this.request(options, (client, requestOptions) =>
      client.unsubscribeResource(withMeta({ uri }, options.meta), requestOptions),
    );
  }

  /**
   * Subscriptions belong to a session (MCP basic/server/resources §Subscriptions): after a
   * reconnect the upstream knows none of ours, so they are made again. One that fails stays
   * listed and is tried again on the next connection.
   */
  private async resubscribe(client: Client, timeoutMs: number): Promise<void> {
    await Promise.all(
      [...this.subscriptions].map((uri) =>
        client.subscribeResource({ uri }, { timeout: timeoutMs }).catch(() => undefined),
      ),
    );
  }

  onNotification(listener: (notification: UpstreamNotification) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  onHealthChange(listener: (health: UpstreamHealth) => void): () => void {
    return this.healthTracker.subscribe(listener);
  }

  close(): Promise<void> {
    return this.connection.close();
  }

  /**
   * Runs `operation` on the shared connection within the endpoint's timeout (connecting
   * included), under the upstream's breaker and retries. A lost session is re-opened and the
   * request sent once more (it never ran); a transport failure drops the connection so that
   * the next attempt opens a new one.
   */
  private async request<T>(options: UpstreamRequestOptions, operation: Operation<T>): Promise<T> {
    const timeoutMs = this.endpoint.requestTimeoutMs;
    const deadline = Date.now() + timeoutMs;
    const relay = options.onLog === undefined ? undefined : relayRequestLogs(options.onLog);
    const send = () =>
      this.credentials.runAs(options.subjectToken, async () => {
        const client = await this.connection.client(options.signal, timeoutMs);
        const result = await operation(client, {
          signal: options.signal,
          timeout: Math.max(1, deadline - Date.now()),
          ...(relay === undefined ? {} : { headers: relay.headers }),
          ...(options.onProgress === undefined
            ? {}
            : { onprogress: (progress) => options.onProgress?.({ ...progress }) }),
        });
        this.connection.succeeded();
        return result;
      });
    const attempt = async () => {
      try {
        try {
          return await send();
        } catch (error) {
          if (await this.connection.completeAuthorization(error)) return await send();
          if (!isLostSession(error)) throw error;
          await this.connection.reset('the upstream lost our session');
          return await send();
        }
      } catch (error) {
        if (isConnectionFailure(error, options.signal)) {
          await this.connection.reset(describe(error));
        }
        throw error;
      }
    };
    try {
      return await this.resilience.execute(
        { signal: options.signal, retryable: options.retryable, deadline },
        attempt,
      );
    } catch (error) {
      throw toCallerError(this.name, error, options.signal, timeoutMs);
    } finally {
      relay?.release();
    }
  }
}

function withMeta<P extends object>(params: P, meta: JsonObject | undefined): P {
  return meta === undefined ? params : { ...params, _meta: meta };
}
