import 'reflect-metadata';

import { Console } from 'node:console';

import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';

import { AppModule } from '../app.module.js';
import { loadConfigFromEnvironment } from '../config/load-environment.js';
import { StderrConsoleLogger } from '../transport/stdio/stderr-console.logger.js';
import { StdioTransport } from '../transport/stdio/stdio.transport.js';

/**
 * `npm run --silent stdio`: the server on stdin/stdout (transports §stdio). stdout carries
 * JSON-RPC only, so Nest logs go to stderr and so does any stray `console.log` of a dependency.
 * Exits 0 once stdin ends and every request received has been answered, or on SIGTERM/SIGINT.
 */
globalThis.console = new Console({ stdout: process.stderr, stderr: process.stderr });

const config = loadConfigFromEnvironment();
const app = await NestFactory.createApplicationContext(
  AppModule.forRoot(config, { logDestination: 'stderr' }),
  { logger: new StderrConsoleLogger(config.ops.logLevel), bufferLogs: false },
);
// Once booted, Nest logs through pino like the HTTP server does; its destination is stderr here.
app.useLogger(app.get(Logger));

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
