/** What a resumable stream writes to: one open SSE response (transport/http `SseStream`). */
export interface SseEventWriter {
  event(name: string, data: string, id?: string): boolean;
  prime(id: string, retryMs: number): boolean;
  end(): void;
  readonly isOpen: boolean;
}
