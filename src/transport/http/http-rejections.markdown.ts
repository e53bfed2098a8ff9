import { HTTP_REJECTIONS, type HttpRejectionSpec } from './http-rejections.js';

/** Marks the generated part of `docs/http-errors.md`; the prose around it is hand-written. */
export const TABLE_START =
  '<!-- http-rejections:start (generated from src/transport/http/http-rejections.ts) -->';
export const TABLE_END = '<!-- http-rejections:end -->';

/** The rejection table as Markdown, rows in status order (the README includes the same table). */
export function renderHttpRejectionTable(): string {
  const rows = (Object.entries(HTTP_REJECTIONS) as [string, HttpRejectionSpec][])
    .sort(([, a], [, b]) => a.status - b.status)
    .map(
      ([key, spec]) =>
        `| ${spec.status} | ${spec.code} | ${spec.message === undefined ? '_the error’s own message_' : `\`${spec.message}\``} | ${cell(spec.data)} | ${cell(spec.headers)} | ${spec.when} | \`${key}\` |`,
    );
  return [
    TABLE_START,
    '| HTTP status | JSON-RPC code | `error.message` | `error.data` | headers | when | row |',
    '|---:|---:|---|---|---|---|---|',
    ...rows,
    TABLE_END,
  ].join('\n');
}

function cell(values: readonly string[] | undefined): string {
  return values === undefined ? '—' : values.map((value) => `\`${value}\``).join(', ');
}
