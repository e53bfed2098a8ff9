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
 * through a synchronous, block-buffered SonicBoom ({@link bufferedDestination}); `LOG_PRETTY=true` routes
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
    ...ACCESS_LOG_OPTIONS,
  };
  if (config.ops.prettyLogs) {
    return {
      ...options,
      transport: { target: 'pino-pretty', options: { destination: fd, colorize: false } },
    };
  }
  return [options, bufferedDestination(fd)];
}

/** How the access log treats a request: its id, which requests it skips, the level per status. */
export const ACCESS_LOG_OPTIONS = Object.freeze({
  genReqId: requestIdFor,
  autoLogging: { ignore: isQuietRequest },
  customLogLevel: levelForResponse,
} satisfies Options);

/** Lines are handed to the kernel in blocks of about this size instead of one write each. */
const LOG_BLOCK_BYTES = 4096;
/** Bound on how long a line waits in the block on a quiet server. */
const LOG_FLUSH_MS = 250;

/**
 * One `write(2)` per request line cost about a fifth of the CPU of a steady tools/call load
 * (`npm run bench -- --profile`, README "Performance"): SonicBoom now writes full blocks, and a
 * timer flushes whatever is pending, so a line still appears within {@link LOG_FLUSH_MS}.
 * Synchronous, as pino's own default destination: an asynchronous `fs.write` hands each block to
 * the libuv thread pool, whose wake-ups cost the event loop another ~15% on a server limited to
 * one core (same profile), and a synchronous block is never lost when the process exits.
 */
function bufferedDestination(fd: number): DestinationStream {
  const stream = pino.destination({ dest: fd, sync: true, minLength: LOG_BLOCK_BYTES });
  const timer = setInterval(() => stream.flush(), LOG_FLUSH_MS).unref();
  stream.once('close', () => clearInterval(timer));
  return stream;
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
