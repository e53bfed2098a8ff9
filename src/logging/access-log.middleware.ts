import type { IncomingMessage, ServerResponse } from 'node:http';

import { PinoLogger } from 'nestjs-pino';
import { type HttpLogger, pinoHttp } from 'pino-http';

import { ACCESS_LOG_OPTIONS } from './pino-http-options.js';

/**
 * The access log of the Express routes (admin API, health, metrics, OAuth metadata): pino-http on
 * the application's root logger, with the request id, quiet paths and levels of
 * {@link ACCESS_LOG_OPTIONS}. It replaces nestjs-pino's own middleware, which also binds every
 * request to an `AsyncLocalStorage` so that Nest `Logger` calls carry the request: on Node 20,
 * running one `AsyncLocalStorage` turns promise hooks on for the whole process, and that cost the
 * MCP listener, which never goes through Express, ~10 % of its throughput once a single health
 * probe had been served (README "Performance"). So Nest `Logger` lines written while handling an
 * Express request carry no request id; the access line of that request does.
 */
export function accessLogMiddleware(): (
  request: IncomingMessage,
  response: ServerResponse,
  next: () => void,
) => void {
  let httpLogger: HttpLogger | undefined;
  return (request, response, next) => {
    // Built on first use: nestjs-pino creates the root logger while configuring its module.
    httpLogger ??= pinoHttp({ ...ACCESS_LOG_OPTIONS, logger: PinoLogger.root });
    httpLogger(request, response, next);
  };
}
