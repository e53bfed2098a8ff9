import { request as httpRequest } from 'node:http';

import { DataSource } from 'typeorm';
import { vi } from 'vitest';

import { AuditLog } from '../../../src/audit/audit-log.js';
import { McpDispatcher } from '../../../src/mcp/dispatcher/mcp-dispatcher.js';
import { ToolCallRunner } from '../../../src/mcp/dispatcher/tool-call.runner.js';
import { startJwksServer, type TestJwksServer } from '../../support/jwks-server.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { initializeRequest } from '../../support/json-rpc-http.js';

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
  /** The body parsed as JSON (`undefined` when it is not JSON). */
  readonly json: {
    id?: unknown;
    error?: { code: number; message: string; data?: unknown };
  } & Record<string, unknown>;
}

/** Request headers; an array value is sent as that many header lines, in order. */
export type RequestHeaders = Record<string, string | string[]>;

export const MCP_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
};

/** What the server did, to prove a rejected request changed nothing. */
export interface SideEffects {
  readonly dispatched: number;
  readonly initialized: number;
  readonly toolRuns: number;
  readonly auditRows: number;
  readonly sessions: number;
}

/**
 * The real application, authenticating against a test JWKS server, with spies that count what
 * reached the dispatcher and the tool runner, and the app's own database handle to count rows.
 */
export class AttackHarness {
  private subjects = 0;

  private constructor(
    readonly app: TestApp,
    readonly jwks: TestJwksServer,
    private readonly spies: {
      dispatch: ReturnType<typeof vi.spyOn>;
      initialize: ReturnType<typeof vi.spyOn>;
      run: ReturnType<typeof vi.spyOn>;
    },
  ) {}

  static async start(env: Readonly<Record<string, string>> = {}): Promise<AttackHarness> {
    const jwks = await startJwksServer();
    const app = await startTestApp({
      env: {
        AUTH_ISSUER: jwks.issuer,
        AUTH_JWKS_URI: jwks.jwksUri,
        AUTH_AUDIENCE: jwks.audience,
        ...env,
      },
    });
    const dispatcher = app.running.app.get(McpDispatcher);
    const runner = app.running.app.get(ToolCallRunner);
    return new AttackHarness(app, jwks, {
      dispatch: vi.spyOn(dispatcher, 'dispatch'),
      initialize: vi.spyOn(dispatcher, 'initialize'),
      run: vi.spyOn(runner, 'run'),
    });
  }

  async close(): Promise<void> {
    vi.restoreAllMocks();
    await this.app.close();
    await this.jwks.close();
  }

  /** A subject no other test uses, so per-principal limits and sessions never interfere. */
  freshSubject(prefix = 'user'): string {
    this.subjects += 1;
    return `${prefix}-${this.subjects}`;
  }

  /** A valid token of the test issuer; `claims` override or (with `undefined`) drop defaults. */
  token(claims: Readonly<Record<string, unknown>> = {}): string {
    return this.jwks.signToken(this.jwks.claims({ sub: this.freshSubject(), ...claims }));
  }

  post(
    body: string | Buffer,
    headers: Readonly<RequestHeaders> = {},
    path = '/mcp',
  ): Promise<HttpAnswer> {
    return this.send('POST', path, { ...MCP_HEADERS, ...headers }, body);
  }

  send(
    method: string,
    path: string,
    headers: Readonly<RequestHeaders>,
    body?: string | Buffer,
  ): Promise<HttpAnswer> {
    const { hostname, port } = new URL(this.app.url);
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        { host: hostname, port, path, method, headers, setHost: !('host' in headers) },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: text,
              json: parse(text),
            });
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** `initialize` + `notifications/initialized`; returns the session id. */
  async openSession(token: string): Promise<string> {
    const auth = { authorization: `Bearer ${token}` };
    const answer = await this.post(
      JSON.stringify(initializeRequest({ client: 'attack-suite' })),
      auth,
    );
    const sessionId = answer.headers['mcp-session-id'];
    if (answer.status !== 200 || typeof sessionId !== 'string') {
      throw new Error(`initialize failed: ${answer.status} ${answer.body}`);
    }
    await this.post('{"jsonrpc":"2.0","method":"notifications/initialized"}', {
      ...auth,
      'mcp-session-id': sessionId,
    });
    return sessionId;
  }

  request(
    token: string,
    sessionId: string,
    method: string,
    params: Readonly<Record<string, unknown>> = {},
    id: number = 1,
  ): Promise<HttpAnswer> {
    return this.post(JSON.stringify({ jsonrpc: '2.0', id, method, params }), {
      authorization: `Bearer ${token}`,
      'mcp-session-id': sessionId,
    });
  }

  /**
   * Counts what the server has done so far. Outcome rows of earlier calls are written by the
   * audit batcher after the response, so the log is flushed first.
   */
  async sideEffects(): Promise<SideEffects> {
    await this.app.running.app.get(AuditLog).flush();
    const dataSource = this.app.running.app.get(DataSource);
    const [audit] = await dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM audit_log',
    );
    const [sessions] = await dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM sessions',
    );
    return {
      dispatched: this.spies.dispatch.mock.calls.length,
      initialized: this.spies.initialize.mock.calls.length,
      toolRuns: this.spies.run.mock.calls.length,
      auditRows: audit?.n ?? -1,
      sessions: sessions?.n ?? -1,
    };
  }

  /** Runs `attack` and returns what it changed (all zeros when nothing was executed or written). */
  async changesBy(attack: () => Promise<unknown>): Promise<SideEffects> {
    const before = await this.sideEffects();
    await attack();
    const after = await this.sideEffects();
    return {
      dispatched: after.dispatched - before.dispatched,
      initialized: after.initialized - before.initialized,
      toolRuns: after.toolRuns - before.toolRuns,
      auditRows: after.auditRows - before.auditRows,
      sessions: after.sessions - before.sessions,
    };
  }
}

export const NOTHING: SideEffects = Object.freeze({
  dispatched: 0,
  initialized: 0,
  toolRuns: 0,
  auditRows: 0,
  sessions: 0,
});

function parse(text: string): HttpAnswer['json'] {
  try {
    return JSON.parse(text) as HttpAnswer['json'];
  } catch {
    return {};
  }
}
