/**
 * Bounds of resumable streams (every bound is explicit). A stream keeps its last
 * {@link MAX_EVENTS_PER_STREAM} events for {@link STREAM_EVENT_MAX_AGE_MS}; older positions
 * cannot be resumed from, and the retention job deletes them (docs/data-lifecycle.md). Streams
 * detached for that long are ended every {@link ABANDONED_STREAM_SWEEP_MS}.
 */
export const MAX_EVENTS_PER_STREAM = 1_000;
export const STREAM_EVENT_MAX_AGE_MS = 15 * 60_000;
export const ABANDONED_STREAM_SWEEP_MS = 60_000;
/** Events one read of a resumption fetches at most; a longer backlog is read in several. */
export const MAX_REPLAY_EVENTS = 500;
/** Events one statement writes at most; more wait for the next one. */
export const MAX_BATCH_EVENTS = 500;
/** `retry:` of 2025-11-25 priming events: how long a client waits before it reconnects. */
export const SSE_RETRY_MS = 1_000;
/**
 * How long a resumption served by another instance than the stream's waits for a notice before
 * it looks at the stream anyway. Notices can be lost (the listener reconnects), and an instance
 * that has not yet seen its client's connection close announces nothing; this bounds the delay.
 */
export const FOLLOW_FALLBACK_MS = 5_000;
/** Stream ids per `streams.appended` notice: 400 × 15 bytes stays below NOTIFY's 8000. */
export const MAX_ANNOUNCED_STREAMS = 400;
