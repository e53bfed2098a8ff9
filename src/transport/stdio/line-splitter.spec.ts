import { describe, expect, it } from 'vitest';

import { LineSplitter } from './line-splitter.js';

function split(chunks: string[], maxBytes = 16): { lines: string[]; overflows: number } {
  const lines: string[] = [];
  let overflows = 0;
  const sut = new LineSplitter(
    maxBytes,
    (line) => lines.push(line.toString()),
    () => (overflows += 1),
  );
  for (const chunk of chunks) sut.push(Buffer.from(chunk));
  sut.end();
  return { lines, overflows };
}

describe(LineSplitter.name, () => {
  it('should split lines across and within chunks', () => {
    expect(split(['{"a":1}\n{"b"', ':2}\n', '{"c":3}\n']).lines).toEqual([
      '{"a":1}',
      '{"b":2}',
      '{"c":3}',
    ]);
  });

  it('should skip empty lines and keep a last line without newline', () => {
    expect(split(['\n\n{"a":1}\n\n', '{"z":0}']).lines).toEqual(['{"a":1}', '{"z":0}']);
  });

  it('should keep a carriage return for the JSON parser to ignore', () => {
    expect(split(['{"a":1}\r\n']).lines).toEqual(['{"a":1}\r']);
  });

  it('should report an overlong line once, skip it and go on with the next one', () => {
    const result = split(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(10), '\n{"ok":1}\n']);
    expect(result).toEqual({ lines: ['{"ok":1}'], overflows: 1 });
  });

  it('should accept a line of exactly the limit', () => {
    expect(split(['x'.repeat(16) + '\n']).lines).toEqual(['x'.repeat(16)]);
  });
});
