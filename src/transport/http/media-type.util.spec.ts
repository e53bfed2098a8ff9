import { describe, expect, it } from 'vitest';

import {
  ACCEPTS_BOTH,
  ACCEPTS_JSON,
  ACCEPTS_SSE,
  acceptedTypes,
  isJsonContentType,
} from './media-type.util.js';

describe('acceptedTypes', () => {
  it.each([
    [undefined, ACCEPTS_BOTH],
    ['', ACCEPTS_BOTH],
    ['application/json, text/event-stream', ACCEPTS_BOTH],
    ['text/event-stream,application/json', ACCEPTS_BOTH],
    ['*/*', ACCEPTS_BOTH],
    ['application/*, text/*', ACCEPTS_BOTH],
    ['Application/JSON;q=0.9, TEXT/EVENT-STREAM', ACCEPTS_BOTH],
    ['application/json', ACCEPTS_JSON],
    ['text/event-stream', ACCEPTS_SSE],
    ['text/html', 0],
    ['*/*, text/event-stream;q=0', ACCEPTS_JSON],
    ['application/json;q=0, */*', ACCEPTS_SSE],
    ['application/json; q=0.000, text/event-stream', ACCEPTS_SSE],
    ['application/json;q=0.5, text/event-stream;q=0.1', ACCEPTS_BOTH],
  ])('should read Accept %j as %i', (accept, expected) => {
    expect(acceptedTypes(accept)).toBe(expected);
  });
});

describe('isJsonContentType', () => {
  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON;charset="UTF-8"',
    'application/json; foo=bar',
  ])('should accept %s', (contentType) => {
    expect(isJsonContentType(contentType)).toBe(true);
  });

  it.each([
    undefined,
    '',
    'text/plain',
    'application/jsonx',
    'application/x-www-form-urlencoded',
    'application/json; charset=latin1',
  ])('should refuse %s', (contentType) => {
    expect(isJsonContentType(contentType)).toBe(false);
  });
});
