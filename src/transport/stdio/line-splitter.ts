const NEWLINE = 0x0a;

/**
 * Splits a byte stream into newline-delimited frames (stdio transport: one JSON-RPC message per
 * line, no embedded newlines). A line longer than `maxBytes` is never buffered whole: the overflow
 * is reported once, as soon as it happens, and the rest of that line is skipped.
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private size = 0;
  private overflowing = false;

  constructor(
    private readonly maxBytes: number,
    private readonly onLine: (line: Buffer) => void,
    private readonly onOverflow: () => void,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      this.append(chunk.subarray(start, end));
      this.completeLine();
      start = end + 1;
    }
    this.append(chunk.subarray(start));
  }

  /** End of input: a last line without its newline still counts. */
  end(): void {
    if (this.size > 0) this.completeLine();
  }

  private append(part: Buffer): void {
    if (this.overflowing || part.length === 0) return;
    if (this.size + part.length > this.maxBytes) {
      this.overflowing = true;
      this.parts = [];
      this.size = 0;
      this.onOverflow();
      return;
    }
    this.parts.push(part);
    this.size += part.length;
  }

  private completeLine(): void {
    if (this.overflowing) {
      this.overflowing = false;
      return;
    }
    const line = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.size);
    this.parts = [];
    this.size = 0;
    if (line !== undefined && line.length > 0) this.onLine(line);
  }
}
