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
import { buildPinoHttpOptions, type LogDestination } from './pino-http-options.js';
import { RequestLogLine } from './request-log-line.js';

export interface LoggingOptions {
  /** `stderr` for the stdio transport, whose stdout is the protocol channel. */
  readonly destination: LogDestination;
}

/** Holder of {@link createLoggerModule}; import the dynamic module it returns. */
@Module({})
export class LoggingModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Every Express route, written as nestjs-pino writes its own default.
    consumer
      .apply(accessLogMiddleware())
      .forRoutes({ path: '{/*splat}', method: RequestMethod.ALL });
  }
}

/**
 * Structured JSON logs (nestjs-pino): level from `LOG_LEVEL`, pretty output with
 * `LOG_PRETTY`, credentials redacted, request ids from `X-Request-Id`, and
 * {@link RequestLogLine} for the MCP listener. Global, like nestjs-pino's own module; the
 * entry point also calls `app.useLogger(app.get(Logger))` so Nest's logs go through pino.
 */
export function createLoggerModule(options: LoggingOptions): DynamicModule {
  return {
    module: LoggingModule,
    global: true,
    imports: [
      LoggerModule.forRootAsync({
        inject: [APP_CONFIG],
        useFactory: (config: AppConfig) => ({
          pinoHttp: buildPinoHttpOptions(config, options.destination),
          // No routes: its middleware would bind each request to an AsyncLocalStorage; the
          // access log is LoggingModule's own (access-log.middleware.ts).
          forRoutes: [],
        }),
      }),
    ],
    providers: [RequestLogLine],
    exports: [RequestLogLine],
  };
}
