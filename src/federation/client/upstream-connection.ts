import { Client, UnauthorizedError, type Transport } from '@modelcontextprotocol/client';

import { abortable } from './abortable.js';
import type { InteractiveAuthorization } from './credentials/interactive-authorization.js';
import type { UpstreamCredentials } from './credentials/upstream-credentials.js';
import { deliverNotificationsFirst } from './notifications-first.js';
import type { UpstreamEndpoint, UpstreamNotification } from './upstream-client.types.js';
import { describe } from './upstream-errors.js';
import type { UpstreamHealthTracker } from './upstream-health.js';
import { openTransport } from './upstream-transport.js';

const MAX_AUTHORIZATIONS_IN_A_ROW = 2;
const CLIENT_INFO = { name: 'enterprise-mcp-server-federation', version: '1.0.0' };

/**
 * The one connection to an upstream, shared by every call: opened on first use, dropped when
 * the transport closes or fails, opened again by the next call. Concurrent callers wait for
 * the same connection attempt.
 */
export class UpstreamConnection {
  private pending: Promise<Client> | undefined;
  private connected: Client | undefined;
  /** Authorizations completed since the last success: a server that never accepts stops at the cap. */
  private authorizationsInARow = 0;
  /** The transport of the last connection attempt (the one an authorization response completes). */
  private transport: Transport | undefined;
  /** Bumped by each new attempt and each reset: an attempt that is no longer current gives up. */
  private generation = 0;
  private closed = false;

  constructor(
    private readonly endpoint: UpstreamEndpoint,
    private readonly health: UpstreamHealthTracker,
    private readonly credentials: UpstreamCredentials,
    private readonly onNotification: (notification: UpstreamNotification) => void,
    private readonly interactive?: InteractiveAuthorization,
    /** Runs on each new connection before it serves calls (state the upstream lost, restored). */
    private readonly onConnected: (client: Client) => Promise<void> = () => Promise.resolve(),
  ) {}

  /**
   * Completes an interactive authorization the transport started (it answered a 401 or a scope
   * step-up 403 with a redirect to the authorization server): the authorization response the
   * user agent brought back is exchanged for tokens, which the provider keeps.
   *
   * @returns whether there was a response to complete, so that the request may be sent again
   */
  async completeAuthorization(error: unknown): Promise<boolean> {
    if (!(error instanceof UnauthorizedError) || this.interactive === undefined) return false;
    const response = this.interactive.takeAuthorizationResponse();
    const transport = this.transport as Partial<AuthorizableTransport> | undefined;
    if (response === undefined || transport?.finishAuth === undefined) return false;
    // MCP basic/authorization §Scope Challenge Handling: clients SHOULD limit re-authorization
    // attempts so that a server that keeps refusing does not loop them.
    if (this.authorizationsInARow >= MAX_AUTHORIZATIONS_IN_A_ROW) return false;
    this.authorizationsInARow += 1;
    await transport.finishAuth(response);
    return true;
  }

  /** A request went through: the authorization (if any) worked. */
  succeeded(): void {
    this.authorizationsInARow = 0;
  }

  /** The connected client, connecting first if needed, within `timeoutMs` and `signal`. */
  client(signal: AbortSignal, timeoutMs: number): Promise<Client> {
    if (this.closed) return Promise.reject(new Error('the upstream client is closed'));
    if (this.pending === undefined) {
      const generation = ++this.generation;
      // The connection serves every caller: it opens with the client's own credential.
      const attempt = this.credentials.runAs(undefined, () => this.connect(generation, timeoutMs));
      this.pending = attempt;
      attempt.catch(() => {
        if (this.pending === attempt) this.pending = undefined;
      });
    }
    return abortable(this.pending, signal);
  }

  /** Drops the connection (after a transport failure); the next call connects anew. */
  async reset(reason: string): Promise<void> {
    const client = this.connected;
    this.generation += 1;
    this.pending = undefined;
    this.connected = undefined;
    if (!this.closed) this.health.set('down', reason);
    await client?.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.reset('closed');
  }

  /**
   * The upstream's `list_changed` notifications, relayed as they are. Through the SDK's
   * `listChanged` option rather than the fallback handler: on a 2026-07-28 connection the server
   * sends them only on a `subscriptions/listen` stream, which the SDK then opens for the lists
   * the upstream says change (MCP 2026-07-28 basic/utilities); on a 2025 connection they come
   * unsolicited, as before. No re-fetch here: the federation module re-reads the catalogue.
   */
  private listChangedRelays() {
    const relay = (kind: 'tools' | 'prompts' | 'resources') => ({
      autoRefresh: false,
      debounceMs: 0,
      onChanged: () => this.onNotification({ method: `notifications/${kind}/list_changed` }),
    });
    return { tools: relay('tools'), prompts: relay('prompts'), resources: relay('resources') };
  }

  private async connect(generation: number, timeoutMs: number): Promise<Client> {
    this.health.set('connecting');
    // `auto` speaks both eras: a 2026-07-28 upstream is found by `server/discover`, any other
    // falls back to the 2025 `initialize` handshake (MCP 2026-07-28 basic/lifecycle).
    const client = new Client(CLIENT_INFO, {
      versionNegotiation: { mode: 'auto' },
      listChanged: this.listChangedRelays(),
    });
    client.fallbackNotificationHandler = (notification) => {
      this.onNotification({
        method: notification.method,
        ...(notification.params === undefined ? {} : { params: { ...notification.params } }),
      });
      return Promise.resolve();
    };
    const transport = openTransport(
      this.endpoint,
      this.interactive?.provider ?? this.credentials.provider,
    );
    this.transport = transport;
    try {
      await client.connect(transport, { timeout: timeoutMs });
    } catch (error) {
      await client.close().catch(() => undefined);
      if (generation === this.generation && (await this.completeAuthorization(error))) {
        return this.connect(generation, timeoutMs);
      }
      if (generation === this.generation) this.health.set('down', describe(error));
      throw error;
    }
    if (generation !== this.generation) {
      await client.close().catch(() => undefined);
      throw new Error('the connection was reset while it opened');
    }
    deliverNotificationsFirst(transport);
    client.onclose = () => {
      if (this.connected !== client) return;
      this.connected = undefined;
      this.pending = undefined;
      this.generation += 1;
      if (!this.closed) this.health.set('down', 'the connection closed');
    };
    await this.onConnected(client);
    this.connected = client;
    this.health.set('up');
    return client;
  }
}

/** What the HTTP transports offer to complete an authorization-code flow. */
interface AuthorizableTransport {
  finishAuth(callbackParams: URLSearchParams): Promise<void>;
}
