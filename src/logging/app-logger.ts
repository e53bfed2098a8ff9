import { Injectable, type LoggerService } from '@nestjs/common';
import { Logger } from 'nestjs-pino';

import { isStartupFailureReport, isWiringDetail } from './nest-log-rules.js';

/**
 * Nest's logger once the application exists (`app.useLogger(app.get(AppLogger))`): nestjs-pino's,
 * with Nest's wiring lines moved to debug and its start-up failure report left to the entry
 * point (src/logging/nest-log-rules.ts).
 */
@Injectable()
export class AppLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    if (isWiringDetail(params)) this.pino.debug(message, ...params);
    else this.pino.log(message, ...params);
  }

  error(message: unknown, ...params: unknown[]): void {
    if (!isStartupFailureReport(params)) this.pino.error(message, ...params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.pino.warn(message, ...params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.pino.debug(message, ...params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.pino.verbose(message, ...params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.pino.fatal(message, ...params);
  }
}
