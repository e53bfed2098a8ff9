type Json = Record<string, unknown>;

/** One SSE event (WHATWG HTML §9.2): its `id` field, if any, and its data lines joined. */
export interface SseEvent {
  readonly id: string | undefined;
  readonly data: string;
}

/**
 * Reads the events of an open SSE response as they arrive (a listen stream never ends by
 * itself): `next()` resolves with the next JSON-RPC message, `nextEvent()` with the next event of
 * any kind (a priming event too), `rest()` with every event until the server ends the response;
 * each rejects after its timeout.
 */
export class SseReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private readonly queue: SseEvent[] = [];
  private buffer = '';
  private id: string | undefined;
  private data: string[] = [];
  private done = false;
  /** Comment lines (`: keep-alive`) seen so far. */
  comments = 0;

  constructor(response: Response) {
    if (response.body === null) throw new Error('response has no body');
    this.reader = response.body.getReader();
  }

  async next(timeoutMs = 5000): Promise<Json> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const event = await this.nextEvent(deadline - Date.now());
      if (event.data.trim() !== '') return JSON.parse(event.data) as Json;
    }
  }

  async nextEvent(timeoutMs = 5000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length === 0) {
      if (this.done) throw new Error('stream ended');
      await this.read(deadline);
    }
    return this.queue.shift() as SseEvent;
  }

  /** Every event until the server ends the response. */
  async rest(timeoutMs = 5000): Promise<SseEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (!this.done) await this.read(deadline);
    return this.queue.splice(0);
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

  private async read(deadline: number): Promise<void> {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new Error('no SSE event in time');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('no SSE event in time')), remaining);
    });
    try {
      const { value, done } = await Promise.race([this.reader.read(), timeout]);
      if (done) this.done = true;
      else this.push(this.decoder.decode(value, { stream: true }));
    } finally {
      clearTimeout(timer);
    }
  }

  private push(text: string): void {
    this.buffer += text;
    const lines = this.buffer.split('\n');
    this.buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '') this.dispatch();
      else if (line.startsWith(':')) this.comments++;
      else if (line.startsWith('id:')) this.id = line.slice(3).trim();
      else if (line.startsWith('data:')) this.data.push(line.slice(5).trimStart());
    }
  }

  /** A blank line ends an event; one with neither id nor data (only `retry`, say) is no event. */
  private dispatch(): void {
    if (this.id !== undefined || this.data.length > 0) {
      this.queue.push({ id: this.id, data: this.data.join('\n') });
    }
    this.id = undefined;
    this.data = [];
  }
}
