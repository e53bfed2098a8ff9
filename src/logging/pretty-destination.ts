import pino, { type DestinationStream } from 'pino';

import type { LogOutput } from './log-output.js';
import { type LogRecord, prettyLine } from './pretty-line.js';

/**
 * The destination of `LOG_FORMAT=pretty`: every JSON line pino serializes is parsed again and
 * rewritten by {@link prettyLine}, written at once and synchronously (a person is watching, and
 * nothing is lost on exit). That second parse per line is why servers log JSON.
 */
export function prettyDestination(output: LogOutput): DestinationStream {
  const stream = pino.destination({ dest: output.fd, sync: true });
  return {
    write(line: string): void {
      stream.write(prettyLine(JSON.parse(line) as LogRecord, output.colors));
    },
  };
}
