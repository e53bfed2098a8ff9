type Json = Record<string, unknown>;

/**
 * Reads the JSON-RPC messages of an open SSE response as they arrive (a listen stream never
 * ends by itself): `next()` resolves with the next message, or rejects after `timeoutMs`.
 */
export class SseReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private readonly queue: Json[] = [];
  private buffer = '';
  /** Comment lines (`: keep-alive`) seen so far. */
  comments = 0;

  constructor(response: Response) {
    if (response.body === null) throw new Error('response has no body');
    this.reader = response.body.getReader();
  }

  async next(timeoutMs = 5000): Promise<Json> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length === 0) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error('no SSE message in time');
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('no SSE message in time')), remaining);
      });
      try {
        const { value, done } = await Promise.race([this.reader.read(), timeout]);
        if (done) throw new Error('stream ended');
        this.push(this.decoder.decode(value, { stream: true }));
      } finally {
        clearTimeout(timer);
      }
    }
    return this.queue.shift() as Json;
  }

  /** Whether a message arrives within `ms` (to show that nothing is sent). */
  async nothingWithin(ms: number): Promise<boolean> {
    try {
      await this.next(ms);
      return false;
    } catch {
      return true;
    }
  }

  async cancel(): Promise<void> {
    await this.reader.cancel().catch(() => undefined);
  }

  private push(text: string): void {
    this.buffer += text;
    const lines = this.buffer.split('\n');
    this.buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith(':')) this.comments++;
      else if (line.startsWith('data:') && line.slice(5).trim() !== '') {
        this.queue.push(JSON.parse(line.slice(5)) as Json);
      }
    }
  }
}
