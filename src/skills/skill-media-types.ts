import { extname } from 'node:path';

const BY_EXTENSION: Readonly<Record<string, string>> = {
  '.md': 'text/markdown',
  '.markdown': 'text/markdown',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.html': 'text/html',
  '.json': 'application/json',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
  '.xml': 'application/xml',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.ts': 'text/x-typescript',
  '.py': 'text/x-python',
  '.sh': 'text/x-shellscript',
  '.sql': 'application/sql',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.pdf': 'application/pdf',
};

const TEXTUAL = /^(text\/|application\/(json|yaml|xml|sql)$|image\/svg\+xml$)/;

/** The media type a skill file is served with (SKILL.md is `text/markdown`, SEP-2640). */
export function mediaTypeOf(path: string): string {
  return BY_EXTENSION[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Served as `text` when its type is textual and its bytes are UTF-8, else as a base64 `blob`. */
export function isTextual(mimeType: string, content: Buffer): boolean {
  if (!TEXTUAL.test(mimeType)) return false;
  return Buffer.from(content.toString('utf8'), 'utf8').equals(content);
}
