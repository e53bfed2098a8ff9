import { expect } from 'vitest';

import { type SseEvent, SseReader } from './sse-reader.js';

/**
 * A `paced_progress` call (conformance fixtures) as a resumable stream: the priming event (seq 0),
 * one progress notification per step, then the result (seq `STEPS + 1`).
 */
export const PACED_STEPS = 3;
export const PACED_INTERVAL_MS = 400;
export const PACED_RESULT_SEQ = PACED_STEPS + 1;
/** Every id of the stream, the priming one included. */
export const PACED_POSITIONS = Array.from({ length: PACED_RESULT_SEQ + 1 }, (_, seq) => seq);

export const seqOf = (event: SseEvent): number => Number(event.id?.split(':')[1]);

/**
 * Calls `paced_progress` on `url` in the session of `headers`, reads its events up to and
 * including seq `lastRead`, then drops the connection. Resolves with the id of that event.
 */
export async function callAndDropAfter(
  url: string,
  headers: Readonly<Record<string, string>>,
  lastRead: number,
): Promise<string> {
  const abort = new AbortController();
  const response = await fetch(url, {
    method: 'POST',
    headers,
    signal: abort.signal,
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: {
        name: 'paced_progress',
        arguments: { steps: PACED_STEPS, intervalMs: PACED_INTERVAL_MS },
        _meta: { progressToken: 'paced' },
      },
    }),
  });
  expect(response.headers.get('content-type')).toBe('text/event-stream');
  const reader = new SseReader(response);
  try {
    for (;;) {
      const event = await reader.nextEvent();
      if (seqOf(event) >= lastRead) return event.id ?? '';
    }
  } finally {
    abort.abort();
  }
}

export interface Resumption {
  readonly status: number;
  /** Every event until the server ended the response (none when refused). */
  readonly events: SseEvent[];
  /** The JSON-RPC body of a refusal. */
  readonly rejection?: unknown;
  readonly ms: number;
}

/** GET with `Last-Event-ID`, read to its end. */
export async function resumeStream(
  url: string,
  headers: Readonly<Record<string, string>>,
  lastEventId: string,
): Promise<Resumption> {
  const started = performance.now();
  const response = await fetch(url, {
    headers: { ...headers, accept: 'text/event-stream', 'last-event-id': lastEventId },
  });
  if (response.status !== 200) {
    const rejection: unknown = await response.json();
    return { status: response.status, events: [], rejection, ms: performance.now() - started };
  }
  const events = await new SseReader(response).rest(10_000);
  return { status: response.status, events, ms: performance.now() - started };
}

/** What a resumption after `lastRead` must deliver: the later steps, then the result, once each. */
export function expectRestOfPacedStream(events: readonly SseEvent[], lastRead: number): void {
  const streamIds = new Set(events.map((event) => event.id?.split(':')[0]));
  expect(streamIds.size).toBeLessThanOrEqual(1);
  expect(events.map(seqOf)).toEqual(PACED_POSITIONS.filter((seq) => seq > lastRead));
  for (const event of events) {
    const seq = seqOf(event);
    expect(JSON.parse(event.data)).toMatchObject(
      seq === PACED_RESULT_SEQ
        ? { id: 1, result: { content: [{ type: 'text', text: `Reported ${PACED_STEPS} steps` }] } }
        : { method: 'notifications/progress', params: { progress: seq, total: PACED_STEPS } },
    );
  }
}
