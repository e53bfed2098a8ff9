import pino, { type DestinationStream } from 'pino';
import type { Options } from 'pino-http';

import type { AppConfig } from '../config/index.js';
import { traceLogFields } from '../tracing/trace-log-fields.js';
import type { LogOutput } from './log-output.js';
import { prettyDestination } from './pretty-destination.js';
import { REDACT_CENSOR, REDACT_PATHS } from './redaction.js';

/**
 * Settings of the application's root pino logger (nestjs-pino builds it through pino-http) from
 * the typed config. JSON lines go straight to the file descriptor through a synchronous,
 * block-buffered SonicBoom ({@link bufferedDestination}); pretty lines through
 * {@link prettyDestination}.
 */
export function buildPinoHttpOptions(
  config: AppConfig,
  output: LogOutput,
): [Options, DestinationStream] {
  const options: Options = {
    level: config.ops.logLevel,
    redact: { paths: [...REDACT_PATHS], censor: REDACT_CENSOR },
    // The trace and span id of the current span in every line of a traced request
    // (docs/tracing.md); with tracing off no mixin runs.
    ...(config.ops.otlpEndpoint === undefined ? {} : { mixin: traceLogFields }),
  };
  const destination =
    output.format === 'pretty' ? prettyDestination(output) : bufferedDestination(output.fd);
  return [options, destination];
}

/** Lines are handed to the kernel in blocks of about this size instead of one write each. */
const LOG_BLOCK_BYTES = 4096;
/** Bound on how long a line waits in the block on a quiet server. */
const LOG_FLUSH_MS = 250;

/** Block-buffered destinations whose pending lines are written when the process exits. */
const flushedOnExit = new Set<{ flushSync(): void }>();
process.once('exit', () => {
  for (const stream of flushedOnExit) stream.flushSync();
});

/**
 * One `write(2)` per request line cost about a fifth of the CPU of a steady tools/call load
 * (`npm run bench -- --profile`, README "Performance"): SonicBoom now writes full blocks, and a
 * timer flushes whatever is pending, so a line still appears within {@link LOG_FLUSH_MS}.
 * Synchronous, as pino's own default destination: an asynchronous `fs.write` hands each block to
 * the libuv thread pool, whose wake-ups cost the event loop another ~15% on a server limited to
 * one core (same profile). pino flushes only asynchronous destinations on exit, so the pending
 * block is written by the `exit` listener above (a short stdio session lost all its lines).
 */
function bufferedDestination(fd: number): DestinationStream {
  const stream = pino.destination({ dest: fd, sync: true, minLength: LOG_BLOCK_BYTES });
  const timer = setInterval(() => stream.flush(), LOG_FLUSH_MS).unref();
  flushedOnExit.add(stream);
  stream.once('close', () => {
    clearInterval(timer);
    flushedOnExit.delete(stream);
  });
  return stream;
}
