/**
 * Bounds of resumable streams (ARCHITECTURE "Every bound is explicit"). A stream keeps its last
 * {@link MAX_EVENTS_PER_STREAM} events for {@link STREAM_EVENT_MAX_AGE_MS}; older positions
 * cannot be resumed from.
 */
export const MAX_EVENTS_PER_STREAM = 1_000;
export const STREAM_EVENT_MAX_AGE_MS = 15 * 60_000;
export const STREAM_PRUNE_INTERVAL_MS = 60_000;
/** Events one resumption sends at most; the client resumes again from the last id it got. */
export const MAX_REPLAY_EVENTS = 500;
/** Queued events are written at least this often, and at once past {@link MAX_BATCH_EVENTS}. */
export const STREAM_FLUSH_MS = 20;
export const MAX_BATCH_EVENTS = 500;
/** `retry:` of 2025-11-25 priming events: how long a client waits before it reconnects. */
export const SSE_RETRY_MS = 1_000;
/** How often a resumption served by another instance than the stream's looks for new events. */
export const REMOTE_POLL_MS = 250;
