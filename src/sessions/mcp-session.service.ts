import { randomUUID } from 'node:crypto';

import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';

import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.constants.js';
import { ChangeBus } from '../events/change-bus.js';
import { SessionRepository, type SessionRecord } from './session.repository.js';
import type { ClientInfo, McpLogLevel, McpSession } from '../protocol/context/mcp-session.js';
import type { MessageSink } from '../protocol/context/message-sink.js';
import { NULL_SINK } from '../protocol/context/message-sink.js';
import type { Principal } from '../protocol/context/principal.js';
import type { TransportKind } from '../protocol/context/request-context.js';
import { JsonRpcErrorCode } from '../protocol/json-rpc/json-rpc-error-codes.js';
import type { JsonObject } from '../protocol/json-rpc/json-rpc.types.js';
import { McpError } from '../protocol/json-rpc/mcp-error.js';
import type { LegacyProtocolVersion } from '../protocol/protocol-version.js';
import { OutboundRequests } from './outbound-requests.js';
import { SESSION_ENDED_CHANNEL } from './session-events.js';

/** Ids are `crypto.randomUUID()`; anything else cannot name a session. */
const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What `initialize` settled: the revision and what the client said about itself. */
export interface NegotiatedSession {
  readonly protocolVersion: LegacyProtocolVersion;
  readonly clientInfo: ClientInfo | undefined;
  readonly clientCapabilities: JsonObject;
}

interface LiveEntry {
  readonly session: McpSession;
  lastSeenMs: number;
}

/** `last_seen_at` refreshes are batched: one `touch` call per interval with every id seen. */
const TOUCH_FLUSH_MS = 5_000;
const MAX_SWEEP_INTERVAL_MS = 60_000;

/**
 * Live legacy-era sessions of this instance. Postgres (through {@link SessionRepository}) is the
 * source of truth so any instance can serve any session; this map is a cache plus what cannot be
 * persisted (streams, pending server→client requests). Session ids are random UUIDs (CSPRNG) and
 * bound to the subject that opened them: any other subject is answered as if the id did not exist
 * (spec security best practices "Session hijacking").
 */
@Injectable()
export class McpSessionService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(McpSessionService.name);
  private readonly live = new Map<string, LiveEntry>();
  private readonly loading = new Map<string, Promise<LiveEntry | undefined>>();
  private readonly outbound = new WeakMap<McpSession, OutboundRequests>();
  private readonly pendingTouches = new Set<string>();
  private readonly idleMs: number;
  private readonly maxPerPrincipal: number;
  private readonly outboundTimeoutMs: number;
  private readonly touchTimer: NodeJS.Timeout;
  private readonly sweepTimer: NodeJS.Timeout;
  private unsubscribe: (() => void) | undefined;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly repository: SessionRepository,
    private readonly bus: ChangeBus,
  ) {
    this.idleMs = config.limits.sessionIdleMs;
    this.maxPerPrincipal = config.limits.maxSessionsPerPrincipal;
    this.outboundTimeoutMs = config.limits.toolTimeoutMs;
    this.touchTimer = setInterval(() => void this.flushTouches(), TOUCH_FLUSH_MS).unref();
    this.sweepTimer = setInterval(
      () => this.evictIdle(),
      Math.min(this.idleMs, MAX_SWEEP_INTERVAL_MS),
    ).unref();
  }

  /**
   * Creates and persists a session for `principal`.
   *
   * @throws McpError RateLimited (HTTP 429) when the principal already holds the maximum number of
   *   active sessions (`MCP_MAX_SESSIONS_PER_PRINCIPAL`).
   */
  async open(
    principal: Principal,
    negotiated: NegotiatedSession,
    transport: TransportKind,
    standaloneSink: MessageSink,
  ): Promise<McpSession> {
    const now = new Date();
    const record: SessionRecord = {
      id: randomUUID(),
      subject: principal.subject,
      clientId: principal.clientId,
      transport,
      protocolVersion: negotiated.protocolVersion,
      clientInfo: negotiated.clientInfo,
      clientCapabilities: negotiated.clientCapabilities,
      logLevel: undefined,
      createdAt: now,
      lastSeenAt: now,
    };
    const stored = await this.repository.insertBelowCap(record, {
      maxActive: this.maxPerPrincipal,
      idleMs: this.idleMs,
    });
    if (!stored) {
      throw new McpError(
        JsonRpcErrorCode.RateLimited,
        'Too many active sessions',
        { maxSessions: this.maxPerPrincipal },
        429,
      );
    }
    return this.remember(record, standaloneSink, false).session;
  }

  /**
   * The session `id` if it is active and belongs to `principal`; `undefined` otherwise, whichever
   * the reason, so the transport answers 404 alike for unknown, ended, expired and foreign ids.
   * A session opened by another instance is loaded from the database; an id that is not of the
   * shape this service mints is refused without asking it.
   */
  async get(id: string, principal: Principal): Promise<McpSession | undefined> {
    if (!SESSION_ID.test(id)) return undefined;
    const cached = this.live.get(id);
    const entry = cached !== undefined && this.isFresh(cached) ? cached : await this.load(id);
    if (entry === undefined || entry.session.subject !== principal.subject) return undefined;
    entry.lastSeenMs = Date.now();
    this.pendingTouches.add(id);
    return entry.session;
  }

  /** Ends the session of `principal`; `false` when there is no such session for it. */
  async end(id: string, principal: Principal): Promise<boolean> {
    const session = await this.get(id, principal);
    if (session === undefined) return false;
    this.evict(id);
    const ended = await this.repository.end(id);
    if (ended) await this.announceEnded(id);
    return ended;
  }

  /** Tells every instance (this one included) to drop its cached copy of `id`. */
  async announceEnded(id: string): Promise<void> {
    try {
      await this.bus.publish(SESSION_ENDED_CHANNEL, { id });
    } catch (error) {
      // Other instances then keep serving their cached copy until it idles out.
      this.logger.warn(`could not announce the end of a session: ${String(error)}`);
    }
  }

  /** Persists the level set by `logging/setLevel`, then applies it. */
  async setLogLevel(session: McpSession, level: McpLogLevel): Promise<void> {
    await this.repository.setLogLevel(session.id, level);
    session.logLevel = level;
  }

  /** Server→client requests of this session. */
  outboundFor(session: McpSession): OutboundRequests {
    let requests = this.outbound.get(session);
    if (requests === undefined) {
      requests = new OutboundRequests(this.outboundTimeoutMs);
      this.outbound.set(session, requests);
    }
    return requests;
  }

  /** Drops the cached session (idle, ended here or, via a notification, elsewhere). */
  evict(id: string): void {
    const entry = this.live.get(id);
    if (entry === undefined) return;
    this.live.delete(id);
    this.pendingTouches.delete(id);
    this.outbound.get(entry.session)?.rejectAll('the session ended');
    // The upstreams behind its federated subscriptions stop sending updates nobody here wants.
    for (const release of entry.session.forwardedSubscriptions.values()) void release();
    entry.session.forwardedSubscriptions.clear();
  }

  get liveCount(): number {
    return this.live.size;
  }

  /** The sessions cached on this instance, for notifications unrelated to a request. */
  *liveSessions(): IterableIterator<McpSession> {
    for (const entry of this.live.values()) yield entry.session;
  }

  onModuleInit(): void {
    this.unsubscribe = this.bus.subscribe(({ channel, payload }) => {
      if (channel === SESSION_ENDED_CHANNEL && typeof payload.id === 'string') {
        this.evict(payload.id);
      }
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.unsubscribe?.();
    clearInterval(this.touchTimer);
    clearInterval(this.sweepTimer);
    await this.flushTouches();
  }

  /** Sends every pending `last_seen_at` refresh in one call. Failures are logged: a lost touch only
   * shortens a session's idle life, it never breaks a request. */
  async flushTouches(): Promise<void> {
    if (this.pendingTouches.size === 0) return;
    const ids = [...this.pendingTouches];
    this.pendingTouches.clear();
    try {
      await this.repository.touch(ids);
    } catch (error) {
      this.logger.warn(`session touch failed for ${ids.length} session(s): ${String(error)}`);
    }
  }

  private evictIdle(): void {
    for (const [id, entry] of this.live) {
      if (!this.isFresh(entry)) this.evict(id);
    }
  }

  private isFresh(entry: LiveEntry): boolean {
    return Date.now() - entry.lastSeenMs <= this.idleMs;
  }

  /**
   * Asks the database, which also knows about use of the session on other instances. One read
   * per id at a time, so concurrent requests share one live object; a cached object the database
   * still calls active is kept (its subscriptions and streams survive).
   */
  private load(id: string): Promise<LiveEntry | undefined> {
    let loading = this.loading.get(id);
    if (loading === undefined) {
      loading = this.repository
        .findActive(id, this.idleMs)
        .then((record) => this.adopt(id, record))
        .finally(() => this.loading.delete(id));
      this.loading.set(id, loading);
    }
    return loading;
  }

  private adopt(id: string, record: SessionRecord | undefined): LiveEntry | undefined {
    const cached = this.live.get(id);
    if (record === undefined) {
      this.evict(id);
      return undefined;
    }
    if (cached === undefined) return this.remember(record, NULL_SINK, true);
    cached.lastSeenMs = Date.now();
    return cached;
  }

  /** `initialized`: a session loaded from the database completed its handshake elsewhere. */
  private remember(
    record: SessionRecord,
    standaloneSink: MessageSink,
    initialized: boolean,
  ): LiveEntry {
    const session: McpSession = {
      id: record.id,
      subject: record.subject,
      transport: record.transport,
      protocolVersion: record.protocolVersion,
      clientInfo: record.clientInfo,
      clientCapabilities: record.clientCapabilities,
      logLevel: record.logLevel,
      initialized,
      standaloneSink,
      resourceSubscriptions: new Map<string, Principal>(),
      forwardedSubscriptions: new Map<string, () => Promise<void>>(),
    };
    const entry: LiveEntry = { session, lastSeenMs: Date.now() };
    this.live.set(record.id, entry);
    return entry;
  }
}
