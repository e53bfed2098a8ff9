import { describe, expect, it } from 'vitest';

import {
  normalizeCompletionResult,
  normalizePromptResult,
  normalizeResourceResult,
  normalizeToolResult,
} from './result-normalizer.js';

describe('result normalizers', () => {
  it('should turn tool shorthands into CallToolResults', () => {
    expect(normalizeToolResult('hi', false)).toEqual({ content: [{ type: 'text', text: 'hi' }] });
    const full = { content: [], isError: true };
    expect(normalizeToolResult(full, true)).toBe(full);
    expect(normalizeToolResult({ a: 1 }, true)).toEqual({
      content: [{ type: 'text', text: '{"a":1}' }],
      structuredContent: { a: 1 },
    });
    expect(() => normalizeToolResult({ a: 1 }, false)).toThrow('tool handler returned an object');
    expect(() => normalizeToolResult(undefined, false)).toThrow('a undefined');
  });

  it('should turn resource shorthands into ReadResourceResults with the declared mime type', () => {
    expect(normalizeResourceResult('t', 'x://a', 'text/plain')).toEqual({
      contents: [{ uri: 'x://a', mimeType: 'text/plain', text: 't' }],
    });
    expect(normalizeResourceResult(Buffer.from([1, 2]), 'x://b', undefined)).toEqual({
      contents: [{ uri: 'x://b', blob: 'AQI=' }],
    });
    expect(() => normalizeResourceResult(42, 'x://c', undefined)).toThrow('a number');
  });

  it('should turn prompt and completion results into their shapes', () => {
    expect(normalizePromptResult('p')).toEqual({
      messages: [{ role: 'user', content: { type: 'text', text: 'p' } }],
    });
    expect(() => normalizePromptResult({ content: [] })).toThrow('return { messages } or a string');
    expect(normalizeCompletionResult(['a'])).toEqual(['a']);
    expect(() => normalizeCompletionResult(['a', 1])).toThrow('an array');
  });
});
