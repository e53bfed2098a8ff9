import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';

import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.constants.js';
import { pgPoolOf } from '../persistence/pg-pool.js';
import {
  ChangeBus,
  ChangeSubscribers,
  type ChangeEvent,
  type ChangeHandler,
} from './change-bus.js';

/** NOTIFY payloads are limited to 8000 bytes (Postgres docs, NOTIFY). */
const MAX_PAYLOAD_BYTES = 8000;
const RECONNECT_DELAY_MS = 1000;

/**
 * Postgres LISTEN/NOTIFY (Postgres docs, NOTIFY): one dedicated connection per instance listens,
 * publishing is one pooled `pg_notify`. Postgres also delivers a notification to the session
 * that listens on the publishing instance, so local subscribers are reached through the same
 * path as remote ones, exactly once. The channel name carries the schema, so deployments that
 * share a database through `DB_SCHEMA` do not hear each other. A lost listener reconnects;
 * changes published meanwhile are lost (list_changed is a hint, clients re-list on reconnect).
 */
@Injectable()
export class PostgresChangeBus extends ChangeBus implements OnModuleDestroy {
  private readonly logger = new Logger(PostgresChangeBus.name);
  private readonly subscribers = new ChangeSubscribers();
  private readonly channel: string;
  private listener: pg.Client | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {
    super();
    this.channel = `mcp_changes_${config.database.schema}`;
  }

  async publish(channel: string, payload: Readonly<Record<string, unknown>> = {}): Promise<void> {
    const text = JSON.stringify({ channel, payload } satisfies ChangeEvent);
    if (Buffer.byteLength(text) > MAX_PAYLOAD_BYTES) {
      throw new Error(`change payload on ${channel} exceeds ${MAX_PAYLOAD_BYTES} bytes`);
    }
    await pgPoolOf(this.dataSource).query('SELECT pg_notify($1, $2)', [this.channel, text]);
  }

  subscribe(handler: ChangeHandler): () => void {
    if (this.listener === undefined && this.reconnectTimer === undefined) void this.listen();
    return this.subscribers.add(handler);
  }

  /** Resolves once LISTEN is active (tests and boot use it to avoid missing early changes). */
  async listen(): Promise<void> {
    if (this.closed || this.listener !== undefined) return;
    const client = new pg.Client({
      connectionString: this.config.database.url,
      connectionTimeoutMillis: this.config.database.connectTimeoutMs,
    });
    this.listener = client;
    client.on('notification', (message) => this.receive(message.payload));
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, 'connection ended'));
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
    } catch (error) {
      this.lost(client, error);
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    const client = this.listener;
    this.listener = undefined;
    await client?.end().catch(() => undefined);
  }

  private receive(text: string | undefined): void {
    let event: ChangeEvent;
    try {
      event = JSON.parse(text ?? '') as ChangeEvent;
    } catch {
      this.logger.warn(`ignored a malformed notification on ${this.channel}`);
      return;
    }
    if (typeof event.channel !== 'string' || typeof event.payload !== 'object') return;
    this.subscribers.deliver(event, (error) =>
      this.logger.error(`change handler failed on ${event.channel}`, String(error)),
    );
  }

  private lost(client: pg.Client, reason: unknown): void {
    if (this.listener !== client) return;
    this.listener = undefined;
    client.removeAllListeners('notification');
    void client.end().catch(() => undefined);
    if (this.closed) return;
    this.logger.warn(`change listener lost (${String(reason)}); reconnecting`);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.listen();
    }, RECONNECT_DELAY_MS);
    this.reconnectTimer.unref();
  }
}
