import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { Inject, Injectable, Logger, Optional } from '@nestjs/common';

import {
  AuthenticationError,
  REQUEST_AUTHENTICATOR,
  type RequestAuthenticator,
} from '../../auth/request-authenticator.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.constants.js';
import { HttpAccessLog, millisecondsSince, pathOf } from '../../logging/http-access-log.js';
import { requestIdFor } from '../../logging/request-id.js';
import type { Principal } from '../../protocol/context/principal.js';
import type { JsonRpcId } from '../../protocol/json-rpc/json-rpc.types.js';
import { internalErrorObject } from '../../protocol/json-rpc/json-rpc-responses.js';
import { McpError } from '../../protocol/json-rpc/mcp-error.js';
import { ShutdownCoordinator } from '../../ops/shutdown/shutdown.coordinator.js';
import { assertAllowed } from '../../security/rate-limit/rate-limited.error.js';
import { RateLimiter } from '../../security/rate-limit/rate-limiter.service.js';
import { SecurityEvents } from '../../security/security-events.service.js';
import { McpTracer } from '../../tracing/mcp-tracer.js';
import { answerPreflight, applyCorsHeaders } from './cors.headers.js';
import { duplicatedHeader } from './duplicate-header.js';
import { ErrorStatusMapper } from './error-status.mapper.js';
import { exceededLimit } from './exceeded-limit.js';
import { HTTP_REJECTIONS, HttpRejection } from './http-rejections.js';
import { writeJsonRpcError, writeRejection } from './http-response.writer.js';
import { MCP_HTTP_ROUTES } from './mcp-http.constants.js';
import type { McpHttpRoute } from './mcp-http-route.js';
import { rejectedRequestId } from './rejected-request-id.js';
import { RequestOriginPolicy } from './request-origin.policy.js';

/**
 * Serves the MCP endpoints from a plain `node:http` request listener placed in front of Express
 * (README "Design": Express routing alone caps throughput far below the target). Every request
 * passes, in order (docs/http-errors.md): duplicate headers (400) → Origin → Host (403, DNS
 * rebinding) → CORS preflight → authentication (401) → global and per-principal rate limits
 * (429) → method (405); the route then checks media types, reads the bounded body and
 * dispatches. A rejection never reaches the dispatcher or the database; it gets an access line
 * (a dispatched JSON-RPC request gets its own line from the core, src/logging/request-log-line.ts);
 * duplicate headers and limit hits are security events.
 */
@Injectable()
export class McpHttpListener {
  private readonly logger = new Logger(McpHttpListener.name);
  private readonly routes: ReadonlyMap<string, McpHttpRoute>;
  private readonly origins: RequestOriginPolicy;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(REQUEST_AUTHENTICATOR) private readonly authenticator: RequestAuthenticator,
    @Inject(MCP_HTTP_ROUTES) routes: readonly McpHttpRoute[],
    private readonly errorStatus: ErrorStatusMapper,
    private readonly shutdown: ShutdownCoordinator,
    private readonly rateLimiter: RateLimiter,
    private readonly events: SecurityEvents,
    private readonly accessLog: HttpAccessLog,
    // Provided only when OTEL_EXPORTER_OTLP_ENDPOINT is set (docs/tracing.md).
    @Optional() private readonly tracer?: McpTracer,
  ) {
    this.routes = new Map(routes.map((route) => [route.path, route]));
    this.origins = new RequestOriginPolicy(config.http);
  }

  /** `false` when the path is not an MCP endpoint: the caller hands the request to Express. */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const route = this.routes.get(query === -1 ? url : url.slice(0, query));
    if (route === undefined) return false;
    // A draining server finishes what it accepted (docs/kubernetes.md "Shutdown timeline").
    // GET streams are long-lived: the route's drain callback ends them instead of a wait.
    if (req.method !== 'GET') res.once('close', this.shutdown.trackRequest());
    const startedAt = performance.now();
    // The HTTP server span continues the W3C `traceparent`/`tracestate` headers; the spans of the
    // messages this request carries are its children (docs/tracing.md).
    const served =
      this.tracer === undefined
        ? this.serve(route, req, res, startedAt)
        : this.tracer.traceHttp(
            {
              method: req.method ?? 'GET',
              path: route.path,
              route: route.path,
              headers: req.headers,
              response: res,
            },
            () => this.serve(route, req, res, startedAt),
          );
    served.catch((error: unknown) => this.fail(error, req, res, startedAt, undefined));
    return true;
  }

  private async serve(
    route: McpHttpRoute,
    req: IncomingMessage,
    res: ServerResponse,
    startedAt: number,
  ): Promise<void> {
    // Before any check reads a header that Node kept only the first (or a join) of.
    const duplicate = duplicatedHeader(req.rawHeaders);
    if (duplicate !== undefined) {
      this.events.record('duplicate_header', undefined, duplicate);
      throw new HttpRejection('duplicateHeader', { header: duplicate });
    }
    const { origin, host } = req.headers;
    if (!this.origins.isOriginAllowed(origin, host)) throw new HttpRejection('originForbidden');
    if (!this.origins.isHostAllowed(host)) throw new HttpRejection('hostForbidden');
    if (origin !== undefined) applyCorsHeaders(res, origin);
    if (req.method === 'OPTIONS') {
      answerPreflight(res, route.methods, req.headers['access-control-request-headers']);
      return;
    }
    const principal = await this.authenticator.authenticate(req);
    try {
      // Global and per-principal buckets (429 + Retry-After); in memory this awaits nothing.
      const limited = assertAllowed(this.rateLimiter.checkRequest(principal));
      if (limited !== undefined) await limited;
      if (req.method === undefined || !route.methods.includes(req.method)) {
        const rejection = new HttpRejection('methodNotAllowed');
        const requestId = requestIdFor(req, res);
        writeRejection(res, rejection, { Allow: [...route.methods, 'OPTIONS'].join(', ') });
        this.logRefusal(req, res, requestId, startedAt, principal, rejection.message);
        return;
      }
      await route.handle(req, res, principal);
    } catch (error) {
      const limit = exceededLimit(error);
      if (limit !== undefined) this.events.record('limit_exceeded', principal, limit);
      this.fail(error, req, res, startedAt, principal);
    }
  }

  /**
   * Maps what the steps threw to the rejection table and logs the refusal; after the first byte
   * only closing is left.
   */
  private fail(
    error: unknown,
    req: IncomingMessage,
    res: ServerResponse,
    startedAt: number,
    principal: Principal | undefined,
  ): void {
    if (res.headersSent) {
      this.logger.warn(
        `${req.method} ${req.url}: failed after the response started: ${String(error)}`,
      );
      res.end();
      return;
    }
    const expected =
      error instanceof HttpRejection ||
      error instanceof AuthenticationError ||
      error instanceof McpError;
    if (!expected && isClientGone(req, res)) {
      this.logger.debug(`${req.method} ${req.url}: client went away (${String(error)})`);
      return;
    }
    const requestId = requestIdFor(req, res);
    const reason = this.answer(error, res, rejectedRequestId(res));
    this.logRefusal(req, res, requestId, startedAt, principal, reason);
  }

  /**
   * Writes the answer to `error`, echoing `id` when the body was read; returns the reason the
   * access line gives.
   */
  private answer(error: unknown, res: ServerResponse, id: JsonRpcId | undefined): string {
    if (error instanceof HttpRejection) {
      writeRejection(res, error, undefined, id);
      return error.message;
    }
    if (error instanceof AuthenticationError) {
      writeRejection(res, new HttpRejection('unauthenticated'), {
        'WWW-Authenticate': error.challenge,
      });
      return error.message;
    }
    if (error instanceof McpError) {
      const { status, headers } = this.errorStatus.answerForError(error);
      writeJsonRpcError(res, status === 200 ? 400 : status, error.toJsonRpcError(), id, headers);
      return error.message;
    }
    const correlationId = randomUUID();
    this.logger.error(
      `MCP request failed [${correlationId}]`,
      error instanceof Error ? error.stack : String(error),
    );
    writeJsonRpcError(
      res,
      HTTP_REJECTIONS.internalError.status,
      internalErrorObject(correlationId),
      id,
    );
    return `internal error [${correlationId}]`;
  }

  private logRefusal(
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
    startedAt: number,
    principal: Principal | undefined,
    reason: string,
  ): void {
    this.accessLog.write({
      requestId,
      method: req.method ?? '',
      path: pathOf(req.url),
      status: res.statusCode,
      durationMs: millisecondsSince(startedAt),
      principal: principal?.subject,
      reason,
    });
  }
}

function isClientGone(req: IncomingMessage, res: ServerResponse): boolean {
  return req.destroyed || res.destroyed || !res.writable;
}
