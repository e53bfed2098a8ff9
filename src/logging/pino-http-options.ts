import type { IncomingMessage, ServerResponse } from 'node:http';

import pino, { type DestinationStream, type LevelWithSilent } from 'pino';
import type { Options } from 'pino-http';

import type { AppConfig } from '../config/index.js';
import { REDACT_CENSOR, REDACT_PATHS } from './redaction.js';
import { requestIdFor } from './request-id.js';

export type LogDestination = 'stdout' | 'stderr';

const FILE_DESCRIPTORS: Record<LogDestination, number> = { stdout: 1, stderr: 2 };

/** Probe and scrape traffic: every few seconds per replica, and nothing to learn from it. */
const QUIET_PATHS = ['/health/live', '/health/ready', '/metrics'];

/**
 * pino-http settings from the typed config. JSON lines go straight to the file descriptor
 * through an asynchronous SonicBoom (pino flushes it on exit); `LOG_PRETTY=true` routes
 * through pino-pretty in a worker thread instead (a devDependency: development only).
 * The stdio transport passes `stderr`, because its stdout carries the MCP protocol.
 */
export function buildPinoHttpOptions(
  config: AppConfig,
  destination: LogDestination,
): [Options, DestinationStream] | Options {
  const fd = FILE_DESCRIPTORS[destination];
  const options: Options = {
    level: config.ops.logLevel,
    redact: { paths: [...REDACT_PATHS], censor: REDACT_CENSOR },
    genReqId: requestIdFor,
    autoLogging: { ignore: isQuietRequest },
    customLogLevel: levelForResponse,
  };
  if (config.ops.prettyLogs) {
    return {
      ...options,
      transport: { target: 'pino-pretty', options: { destination: fd, colorize: false } },
    };
  }
  return [options, pino.destination({ dest: fd, sync: false })];
}

function isQuietRequest(request: IncomingMessage): boolean {
  const path = request.url?.split('?', 1)[0] ?? '';
  return QUIET_PATHS.includes(path);
}

function levelForResponse(
  _request: IncomingMessage,
  response: ServerResponse,
  error?: Error,
): LevelWithSilent {
  if (error !== undefined || response.statusCode >= 500) return 'error';
  if (response.statusCode >= 400) return 'warn';
  return 'info';
}
