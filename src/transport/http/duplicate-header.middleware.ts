import type { IncomingMessage, ServerResponse } from 'node:http';

import type { SecurityEvents } from '../../security/security-events.service.js';
import { duplicatedHeader } from './duplicate-header.js';
import { writeJson } from './http-response.writer.js';

/** The Express middleware signature, without importing Express for it. */
export type HttpMiddleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * The duplicate-header check of the MCP listener (docs/http-errors.md), for every route Express
 * serves — the admin API, health, metrics, OAuth metadata: 400 in Nest's error shape before any
 * guard reads `Authorization`. Mount it before every other middleware.
 */
export function refuseDuplicateHeaders(events: SecurityEvents): HttpMiddleware {
  return (req, res, next) => {
    const header = duplicatedHeader(req.rawHeaders);
    if (header === undefined) {
      next();
      return;
    }
    events.record('duplicate_header', undefined, header);
    const body = { statusCode: 400, message: `Duplicate ${header} header`, error: 'Bad Request' };
    writeJson(res, 400, JSON.stringify(body));
  };
}
