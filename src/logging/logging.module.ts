import {
  type DynamicModule,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  RequestMethod,
} from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

import { type AppConfig, APP_CONFIG } from '../config/index.js';
import { accessLogMiddleware } from './access-log.middleware.js';
import { AppLogger } from './app-logger.js';
import { HttpAccessLog } from './http-access-log.js';
import { type LogDestination, logOutputFor } from './log-output.js';
import { buildPinoHttpOptions } from './pino-http-options.js';
import { RequestLogLine } from './request-log-line.js';

export interface LoggingOptions {
  /** `stderr` for the stdio transport, whose stdout is the protocol channel. */
  readonly destination: LogDestination;
}

/** Holder of {@link createLoggerModule}; import the dynamic module it returns. */
@Module({})
export class LoggingModule implements NestModule {
  constructor(private readonly accessLog: HttpAccessLog) {}

  configure(consumer: MiddlewareConsumer): void {
    // Every Express route, written as nestjs-pino writes its own default.
    consumer
      .apply(accessLogMiddleware(this.accessLog))
      .forRoutes({ path: '{/*splat}', method: RequestMethod.ALL });
  }
}

/**
 * Logs through pino (nestjs-pino): level from `LOG_LEVEL`, JSON or pretty lines per
 * `LOG_FORMAT` (src/logging/log-output.ts), credentials redacted, and the writers of the
 * module's own lines: {@link HttpAccessLog} (Express routes and the MCP listener's refusals),
 * {@link RequestLogLine} (JSON-RPC requests). Global, like nestjs-pino's own module; the entry
 * point calls `app.useLogger(app.get(AppLogger))` so Nest's logs go through pino.
 */
export function createLoggerModule(options: LoggingOptions): DynamicModule {
  return {
    module: LoggingModule,
    global: true,
    imports: [
      LoggerModule.forRootAsync({
        inject: [APP_CONFIG],
        useFactory: (config: AppConfig) => ({
          pinoHttp: buildPinoHttpOptions(
            config,
            logOutputFor(config.ops.logFormat, options.destination),
          ),
          // No routes: its middleware would bind each request to an AsyncLocalStorage; the
          // access log is LoggingModule's own (access-log.middleware.ts).
          forRoutes: [],
        }),
      }),
    ],
    providers: [RequestLogLine, HttpAccessLog, AppLogger],
    exports: [RequestLogLine, HttpAccessLog, AppLogger],
  };
}
