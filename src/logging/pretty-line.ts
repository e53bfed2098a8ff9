import { LINE_CONTEXTS } from './line-contexts.js';

/** One pino line, parsed. */
export type LogRecord = Readonly<Record<string, unknown>>;

const LEVEL_NAMES: Readonly<Record<number, string>> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

/** SGR colours: grey, cyan, green, yellow, red, magenta. */
const LEVEL_COLORS: Readonly<Record<number, string>> = {
  10: '90',
  20: '36',
  30: '32',
  40: '33',
  50: '31',
  60: '35',
};

/** Fields every line carries: the pretty line shows the time, the level and the message. */
const ENVELOPE = new Set(['level', 'time', 'pid', 'hostname', 'context', 'msg', 'err']);

const BARE_VALUE = /^[^\s"=]+$/;

/**
 * A pino record as one line for a person at a terminal (`LOG_FORMAT=pretty`): local time, level,
 * then a headline that depends on the kind of line — `GET /admin/api/tools 200 3.1ms` for an
 * access line, `tools/call echo ok 1.2ms` for an MCP request, `[Context] message` otherwise —
 * and the remaining fields as `key=value`. The boot summary lists its fields one per line; an
 * error's stack follows its line, indented.
 */
export function prettyLine(record: LogRecord, colors: boolean): string {
  const level = typeof record.level === 'number' ? record.level : 30;
  const label = (LEVEL_NAMES[level] ?? String(level)).padEnd(5);
  const head = `${clock(record.time)} ${colors ? paint(label, LEVEL_COLORS[level]) : label}`;
  return `${head} ${body(record)}${stack(record.err)}\n`;
}

function body(record: LogRecord): string {
  switch (record.context) {
    case LINE_CONTEXTS.httpAccess:
      return withFields(record, ['method', 'path', 'status', 'durationMs']);
    case LINE_CONTEXTS.mcpRequest:
      return withFields(record, ['method', 'tool', 'outcome', 'durationMs']);
    case LINE_CONTEXTS.bootSummary:
      return block(record);
    default:
      return withFields(
        record,
        [],
        words(record.context && `[${plain(record.context)}]`, record.msg),
      );
  }
}

/** `headline` defaults to the values of `keys`; the other fields follow as `key=value`. */
function withFields(
  record: LogRecord,
  keys: readonly string[],
  headline = words(...keys.map((key) => (key === 'durationMs' ? ms(record[key]) : record[key]))),
): string {
  const rest = Object.entries(record)
    .filter(([key, value]) => !ENVELOPE.has(key) && !keys.includes(key) && !isAbsent(value))
    .map(([key, value]) => `${key}=${text(value)}`);
  return words(headline, ...rest);
}

function block(record: LogRecord): string {
  const fields = Object.entries(record).filter(([key]) => !ENVELOPE.has(key));
  const width = Math.max(0, ...fields.map(([key]) => key.length));
  const lines = fields.map(([key, value]) => `\n    ${key.padEnd(width)}  ${plain(value)}`);
  return `${text(record.msg ?? '')}${lines.join('')}`;
}

/**
 * The error's stack, indented; its message first when the stack does not start with it (Nest's
 * `logger.error(message, stack)` pairs its own message with the stack of the error it caught).
 */
function stack(err: unknown): string {
  if (typeof err !== 'object' || err === null) return '';
  const { stack: trace, message } = err as { stack?: unknown; message?: unknown };
  const lines = typeof trace === 'string' ? [trace] : [];
  if (typeof message === 'string' && !lines.some((line) => line.includes(message))) {
    lines.unshift(message);
  }
  return `\n${lines.join('\n').replace(/^/gm, '    ')}`;
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

function words(...parts: unknown[]): string {
  return parts
    .filter((part) => !isAbsent(part) && part !== '')
    .map(plain)
    .join(' ');
}

function ms(value: unknown): string | undefined {
  return typeof value === 'number' ? `${value}ms` : undefined;
}

/** A value as it reads in running text: bare when it has no space, quote or `=`, else JSON. */
function text(value: unknown): string {
  return typeof value === 'string' && BARE_VALUE.test(value) ? value : JSON.stringify(value);
}

function plain(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function clock(time: unknown): string {
  const date = new Date(typeof time === 'number' ? time : Date.now());
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

function paint(label: string, color: string | undefined): string {
  return color === undefined ? label : `\u001b[${color}m${label}\u001b[39m`;
}
