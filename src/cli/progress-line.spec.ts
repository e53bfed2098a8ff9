import { describe, expect, it } from 'vitest';

import { ProgressLine } from './progress-line.js';

function stream(isTTY: boolean): NodeJS.WriteStream & { written: string } {
  const fake = {
    isTTY,
    written: '',
    write(text: string) {
      fake.written += text;
      return true;
    },
  };
  return fake as unknown as NodeJS.WriteStream & { written: string };
}

describe('ProgressLine', () => {
  it('should rewrite one line on a terminal and clear it when done', () => {
    const tty = stream(true);
    const sut = new ProgressLine(tty);
    sut.update('kb:import: 1/2 documents');
    sut.update('kb:import: 2/2 documents');
    sut.done();
    expect(tty.written).toBe(
      '\r\x1b[2Kkb:import: 1/2 documents\r\x1b[2Kkb:import: 2/2 documents\r\x1b[2K',
    );
  });

  it('should write nothing when stderr is a pipe or a file', () => {
    const pipe = stream(false);
    const sut = new ProgressLine(pipe);
    sut.update('kb:import: 1/2 documents');
    sut.done();
    expect(pipe.written).toBe('');
  });
});
