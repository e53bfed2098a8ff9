import 'reflect-metadata';

import { Console } from 'node:console';

import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { AppModule } from '../app.module.js';
import { loadConfigFromEnvironment } from '../config/load-environment.js';
import { AppLogger } from '../logging/app-logger.js';
import { bootLoggingOptions } from '../logging/boot-logger.js';
import { stdioBootSummary } from '../logging/boot-summary.js';
import { LINE_CONTEXTS } from '../logging/line-contexts.js';
import { exitOnStartupFailure } from '../ops/startup-failure.js';
import { StdioTransport } from '../transport/stdio/stdio.transport.js';

/**
 * `npm run --silent stdio`: the server on stdin/stdout (transports §stdio). stdout carries
 * JSON-RPC only, so logs go to stderr and so does any stray `console.log` of a dependency.
 * Exits 0 once stdin ends, every request received has been answered and the session has ended,
 * or on SIGTERM/SIGINT.
 */
globalThis.console = new Console({ stdout: process.stderr, stderr: process.stderr });

const config = loadConfigFromEnvironment();
const app = await NestFactory.createApplicationContext(
  AppModule.forRoot(config, { logDestination: 'stderr' }),
  bootLoggingOptions(config, 'stderr'),
).catch(exitOnStartupFailure);
app.useLogger(app.get(AppLogger));
new Logger(LINE_CONTEXTS.bootSummary).log({ msg: 'ready', ...stdioBootSummary(config) });

let closing: Promise<never> | undefined;
function shutdown(): Promise<never> {
  closing ??= app.close().then(() => process.exit(0));
  return closing;
}
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());
// The client closed our stdout (EPIPE): nobody is left to answer.
process.stdout.once('error', () => void shutdown());

await app.get(StdioTransport).run(process.stdin, process.stdout);
await shutdown();
