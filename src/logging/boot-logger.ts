import { ConsoleLogger, type LogLevel } from '@nestjs/common';

import type { AppConfig } from '../config/index.js';
import { type LogDestination, logOutputFor, type LogOutput } from './log-output.js';
import { isStartupFailureReport, isWiringDetail } from './nest-log-rules.js';

/** `LOG_LEVEL` (pino names) → the Nest levels at or above it. */
const NEST_LEVELS: Record<AppConfig['ops']['logLevel'], LogLevel[]> = {
  trace: ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'],
  debug: ['debug', 'log', 'warn', 'error', 'fatal'],
  info: ['log', 'warn', 'error', 'fatal'],
  warn: ['warn', 'error', 'fatal'],
  error: ['error', 'fatal'],
  fatal: ['fatal'],
  silent: [],
};

/**
 * Nest's logger until pino exists. The entry points buffer Nest's boot lines and replay them
 * through {@link AppLogger} once the application is built; this logger writes them only when
 * the build fails. Every level goes to the log destination (on stdio, stdout carries JSON-RPC
 * only, transports §stdio), in the chosen format, coloured only on a terminal, with the same
 * rules as {@link AppLogger}.
 */
export class BootLogger extends ConsoleLogger {
  constructor(
    level: AppConfig['ops']['logLevel'],
    private readonly output: LogOutput,
  ) {
    super({
      logLevels: NEST_LEVELS[level],
      colors: output.colors,
      json: output.format === 'json',
    });
  }

  override log(message: unknown, ...params: unknown[]): void {
    if (isWiringDetail(params)) this.debug(message, ...params);
    else super.log(message, ...params);
  }

  override error(message: unknown, ...params: unknown[]): void {
    if (!isStartupFailureReport(params)) super.error(message, ...params);
  }

  protected override printMessages(
    messages: unknown[],
    context?: string,
    logLevel?: LogLevel,
    _writeStreamType?: 'stdout' | 'stderr',
    errorStack?: unknown,
    params?: Record<string, unknown>,
  ): void {
    super.printMessages(messages, context, logLevel, this.output.destination, errorStack, params);
  }
}

/**
 * Logging options of `NestFactory` for an entry point: boot lines buffered until `useLogger`
 * replays them through pino, {@link BootLogger} if the build fails first, and the failure
 * handed to the caller (`abortOnError: false`) instead of Nest exiting after printing a stack.
 */
export function bootLoggingOptions(
  config: AppConfig,
  destination: LogDestination,
): { logger: BootLogger; bufferLogs: true; abortOnError: false } {
  const output = logOutputFor(config.ops.logFormat, destination);
  return {
    logger: new BootLogger(config.ops.logLevel, output),
    bufferLogs: true,
    abortOnError: false,
  };
}
