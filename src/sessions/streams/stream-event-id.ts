import { randomBytes } from 'node:crypto';

/** 72 random bits, base64url: unguessable, and short on every event line. */
export function newStreamId(): string {
  return randomBytes(9).toString('base64url');
}

/**
 * SSE event ids are `<streamId>:<seq>` (2025-11-25 transports §Resumability: ids SHOULD encode
 * the stream), so `Last-Event-ID` alone names the stream to resume and the position in it.
 */
export function streamEventId(streamId: string, seq: number): string {
  return `${streamId}:${seq}`;
}

const EVENT_ID = /^([A-Za-z0-9_-]{12}):(0|[1-9]\d{0,8})$/;

export interface StreamPosition {
  readonly streamId: string;
  readonly seq: number;
}

/** `undefined` for anything this server did not mint. */
export function parseStreamEventId(id: string): StreamPosition | undefined {
  const match = EVENT_ID.exec(id);
  return match?.[1] === undefined || match[2] === undefined
    ? undefined
    : { streamId: match[1], seq: Number(match[2]) };
}
