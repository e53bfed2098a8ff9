import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';

import { fixedFieldsLogger } from './fixed-fields-logger.js';
import { LINE_CONTEXTS } from './line-contexts.js';

/** The one access line of an HTTP request: never its headers, its query string or its body. */
export interface HttpAccessFields {
  /** `X-Request-Id` when well-formed, else generated; echoed in the response. */
  readonly requestId: string;
  readonly method: string;
  /** Without the query string, which may carry anything. */
  readonly path: string;
  readonly status: number;
  readonly durationMs: number;
  /** Subject of the authenticated principal, when the request got that far. */
  readonly principal: string | undefined;
  /** Why the request was refused, when it was. */
  readonly reason?: string;
  /** The client went away before the response was complete. */
  readonly aborted?: true;
}

/**
 * 5xx is the server's fault: error. A refused credential or permission (401, 403) may be someone
 * probing: warn. Any other answer, 4xx included, is the client's business: info.
 */
export function accessLogLevel(status: number): 'info' | 'warn' | 'error' {
  if (status >= 500) return 'error';
  if (status === 401 || status === 403) return 'warn';
  return 'info';
}

/** Writes {@link HttpAccessFields} at {@link accessLogLevel}. */
@Injectable()
export class HttpAccessLog {
  private readonly log: Logger;

  constructor(pino: PinoLogger) {
    this.log = fixedFieldsLogger(pino, LINE_CONTEXTS.httpAccess);
  }

  write(fields: HttpAccessFields): void {
    this.log[accessLogLevel(fields.status)](fields, 'http request');
  }
}

/** The path of a request target, without its query string. */
export function pathOf(url: string | undefined): string {
  const target = url ?? '/';
  const query = target.indexOf('?');
  return query === -1 ? target : target.slice(0, query);
}

/** Milliseconds since a `performance.now()` reading, to the microsecond. */
export function millisecondsSince(startedAt: number): number {
  return Math.round((performance.now() - startedAt) * 1000) / 1000;
}
