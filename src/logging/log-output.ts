import { isatty } from 'node:tty';

import type { AppConfig } from '../config/index.js';

/** `stderr` for the stdio transport, whose stdout is the protocol channel. */
export type LogDestination = 'stdout' | 'stderr';

export type LogFormat = 'json' | 'pretty';

/** Where and how log lines are written. */
export interface LogOutput {
  readonly destination: LogDestination;
  readonly fd: 1 | 2;
  readonly format: LogFormat;
  /** ANSI colours: pretty lines on a terminal only, never into a file, a pipe or a client's log. */
  readonly colors: boolean;
}

const FILE_DESCRIPTORS = { stdout: 1, stderr: 2 } as const;

/**
 * `LOG_FORMAT` when set; otherwise pretty for a person at a terminal and JSON for everything
 * else (a container runtime, a log shipper, an MCP client reading a stdio server's stderr).
 * `terminal` is whether the destination is a TTY; tests pass it.
 */
export function logOutputFor(
  format: AppConfig['ops']['logFormat'],
  destination: LogDestination,
  terminal: boolean = isatty(FILE_DESCRIPTORS[destination]),
): LogOutput {
  const chosen = format ?? (terminal ? 'pretty' : 'json');
  return {
    destination,
    fd: FILE_DESCRIPTORS[destination],
    format: chosen,
    colors: chosen === 'pretty' && terminal,
  };
}
