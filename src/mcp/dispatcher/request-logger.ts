import type { McpRequestLogger } from '../../protocol/context/handler-context.js';
import type { McpLogLevel } from '../../protocol/context/mcp-session.js';

/** The `log` of a handler context: shorthand levels over one emitting function. */
export class RequestLogger implements McpRequestLogger {
  constructor(
    private readonly emit: (level: McpLogLevel, data: unknown, logger?: string) => void,
  ) {}

  log(level: McpLogLevel, data: unknown, logger?: string): void {
    this.emit(level, data, logger);
  }
  debug(data: unknown): void {
    this.emit('debug', data);
  }
  info(data: unknown): void {
    this.emit('info', data);
  }
  warning(data: unknown): void {
    this.emit('warning', data);
  }
  error(data: unknown): void {
    this.emit('error', data);
  }
}
