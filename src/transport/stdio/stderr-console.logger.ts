import { ConsoleLogger, type LogLevel } from '@nestjs/common';

import type { AppConfig } from '../../config/app-config.js';

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
 * Nest's console logger writing every level to stderr: on stdio, stdout carries JSON-RPC only
 * (transports §stdio; the most common stdio bug, checklist §11.1). Nest's own logger writes
 * `log`/`warn`/`debug` to stdout.
 */
export class StderrConsoleLogger extends ConsoleLogger {
  constructor(level: AppConfig['ops']['logLevel']) {
    super({ logLevels: NEST_LEVELS[level] });
  }

  protected override printMessages(
    messages: unknown[],
    context?: string,
    logLevel?: LogLevel,
    _writeStreamType?: 'stdout' | 'stderr',
    errorStack?: unknown,
    params?: Record<string, unknown>,
  ): void {
    super.printMessages(messages, context, logLevel, 'stderr', errorStack, params);
  }
}
