import type { OutgoingHttpHeaders } from 'node:http';

import { Injectable } from '@nestjs/common';

import { BearerChallenges } from '../../auth/jwt/bearer-challenges.js';
import { httpStatusOf } from '../../protocol/json-rpc/json-rpc-responses.js';
import type { JsonRpcErrorResponse } from '../../protocol/json-rpc/json-rpc.types.js';
import type { McpError } from '../../protocol/json-rpc/mcp-error.js';

export interface HttpErrorAnswer {
  readonly status: number;
  readonly headers: OutgoingHttpHeaders | undefined;
}

const OK: HttpErrorAnswer = Object.freeze({ status: 200, headers: undefined });
const DEFAULT_RETRY_AFTER_SECONDS = 1;

/**
 * The HTTP status and headers of an error response whose McpError asked for one
 * (docs/http-errors.md): 403 insufficient scope gets the RFC 6750 §3.1 step-up challenge naming
 * the scopes, 429 and 503 get `Retry-After` (RFC 9110 §10.2.3). Only used while no SSE byte has
 * been written; afterwards the error travels as an event of the 200 stream.
 */
@Injectable()
export class ErrorStatusMapper {
  constructor(private readonly challenges: BearerChallenges) {}

  answerFor(response: JsonRpcErrorResponse): HttpErrorAnswer {
    const status = httpStatusOf(response);
    return status === undefined ? OK : this.answer(status, response.error.data);
  }

  /** The same for an error thrown before any response existed to carry it. */
  answerForError(error: McpError): HttpErrorAnswer {
    return error.httpStatus === undefined ? OK : this.answer(error.httpStatus, error.data);
  }

  private answer(status: number, data: unknown): HttpErrorAnswer {
    switch (status) {
      case 403: {
        const scopes = readStrings(data, 'requiredScopes');
        return {
          status,
          headers:
            scopes === undefined
              ? undefined
              : { 'WWW-Authenticate': this.challenges.insufficientScope(scopes) },
        };
      }
      case 429:
      case 503:
        return { status, headers: { 'Retry-After': String(retryAfterSeconds(data)) } };
      default:
        return { status, headers: undefined };
    }
  }
}

function readStrings(data: unknown, key: string): readonly string[] | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const value: unknown = (data as Record<string, unknown>)[key];
  return Array.isArray(value) && value.every((item) => typeof item === 'string')
    ? value
    : undefined;
}

/** `data.retryAfterSeconds` when the raiser knows it (rate limiter), else one second. */
function retryAfterSeconds(data: unknown): number {
  if (typeof data !== 'object' || data === null) return DEFAULT_RETRY_AFTER_SECONDS;
  const value: unknown = (data as Record<string, unknown>).retryAfterSeconds;
  return typeof value === 'number' && Number.isFinite(value) && value > 0
    ? Math.ceil(value)
    : DEFAULT_RETRY_AFTER_SECONDS;
}
