/** Bit flags of what an `Accept` header allows. */
export const ACCEPTS_JSON = 1;
export const ACCEPTS_SSE = 2;
export const ACCEPTS_BOTH = ACCEPTS_JSON | ACCEPTS_SSE;

const JSON_TYPE = 'application/json';
const SSE_TYPE = 'text/event-stream';
/** What the official SDK clients send: answered without parsing (hot path). */
const SDK_ACCEPT = 'application/json, text/event-stream';

/**
 * Which of `application/json` and `text/event-stream` an `Accept` header allows (RFC 9110 §12.5.1:
 * the most specific matching range decides, `q=0` means "not acceptable"). Lenient on purpose,
 * since naive clients send the full wildcard or nothing: no header, the full wildcard and the
 * `application/*` and `text/*` ranges count.
 */
export function acceptedTypes(accept: string | undefined): number {
  if (accept === undefined || accept === SDK_ACCEPT || accept.trim() === '') return ACCEPTS_BOTH;
  let jsonSpecificity = -1;
  let sseSpecificity = -1;
  let flags = 0;
  for (const range of accept.split(',')) {
    const [rawType = '', ...params] = range.split(';');
    const type = rawType.trim().toLowerCase();
    const acceptable = !params.some((param) => /^\s*q\s*=\s*0(\.0{0,3})?\s*$/i.test(param));
    const forJson = specificity(type, JSON_TYPE);
    if (forJson > jsonSpecificity) {
      jsonSpecificity = forJson;
      flags = acceptable ? flags | ACCEPTS_JSON : flags & ~ACCEPTS_JSON;
    }
    const forSse = specificity(type, SSE_TYPE);
    if (forSse > sseSpecificity) {
      sseSpecificity = forSse;
      flags = acceptable ? flags | ACCEPTS_SSE : flags & ~ACCEPTS_SSE;
    }
  }
  return flags;
}

/** 2 = exact type, 1 = `type/*`, 0 = the full wildcard, -1 = no match. */
function specificity(range: string, mediaType: string): number {
  if (range === mediaType) return 2;
  if (range === '*/*') return 0;
  const slash = mediaType.indexOf('/');
  return range === `${mediaType.slice(0, slash)}/*` ? 1 : -1;
}

/**
 * `application/json`, optionally with `charset=utf-8` (RFC 8259 §8.1: JSON is UTF-8; any other
 * declared charset would be decoded wrongly, so it is refused rather than guessed).
 */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  if (contentType === JSON_TYPE) return true;
  const [type = '', ...params] = contentType.split(';');
  if (type.trim().toLowerCase() !== JSON_TYPE) return false;
  return params.every((param) => {
    const [name = '', value = ''] = param.split('=');
    if (name.trim().toLowerCase() !== 'charset') return true;
    return value.trim().replace(/^"|"$/g, '').toLowerCase() === 'utf-8';
  });
}
