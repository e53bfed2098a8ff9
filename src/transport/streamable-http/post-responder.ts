import type { ServerResponse } from 'node:http';

import type { MessageSink } from '../../protocol/context/message-sink.js';
import type { JsonRpcMessage, JsonRpcResponse } from '../../protocol/json-rpc/json-rpc.types.js';
import type { ResumableStream } from '../../sessions/streams/resumable-stream.js';
import type { ErrorStatusMapper } from '../http/error-status.mapper.js';
import { writeJsonMessage } from '../http/http-response.writer.js';
import type { HeartbeatTarget, SseHeartbeat } from '../http/sse-heartbeat.js';
import { SseStream } from '../http/sse-stream.js';

/**
 * Answers the request(s) of one POST (transports §Sending Messages to the Server). The client
 * accepts both media types, and the choice is made lazily:
 * - the first message related to the call (progress, log, server→client request) opens the SSE
 *   stream, the response follows on it and ends it;
 * - a response that comes first is answered as plain JSON, which keeps the common case (a call
 *   that streams nothing) as cheap as possible and lets an error that wants its own HTTP status
 *   (403 step-up, 429, 503) have it, since no byte has been written yet;
 * - a heartbeat tick that finds the call still running opens the stream and sends a comment, so
 *   neither the client's header timeout nor a proxy's idle timeout ends a long call.
 * Related messages sent after the response have no stream left: `send` returns `false`.
 *
 * In a session (2025-03-26+) the stream is resumable (transports §Resumability and Redelivery):
 * `openResumable` turns the opened SSE response into a {@link ResumableStream}, so every event
 * carries an id, is recorded, and survives the connection — the client resumes with GET and
 * `Last-Event-ID`, here or on another instance.
 */
export class PostResponder implements MessageSink, HeartbeatTarget {
  private sse: SseStream | undefined;
  private resumable: ResumableStream | undefined;
  private finished = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly heartbeats: SseHeartbeat,
    private readonly errorStatus: ErrorStatusMapper,
    private readonly openResumable?: (sse: SseStream) => ResumableStream,
  ) {
    heartbeats.add(this);
  }

  send(message: JsonRpcMessage): boolean {
    return !this.finished && this.events().send(message);
  }

  /**
   * SEP-1699 polling (2025-11-25): closes the connection now while the call goes on; its
   * messages are recorded for the client's GET with `Last-Event-ID`. Without resumability the
   * connection stays, since closing it would lose the response.
   */
  closeConnection(): void {
    if (this.finished || this.openResumable === undefined) return;
    this.events();
    this.resumable?.closeConnection();
  }

  heartbeat(): void {
    if (!this.stream().comment('keep-alive')) this.heartbeats.delete(this);
  }

  /** The answer to a single request; `undefined` = cancelled (no response is sent for it). */
  respond(response: JsonRpcResponse | undefined): void {
    if (this.finish()) return;
    if (this.sse !== undefined) {
      const events = this.events();
      if (response !== undefined) events.send(response);
      events.end();
    } else if (response === undefined) {
      this.events().end();
    } else if ('error' in response) {
      const { status, headers } = this.errorStatus.answerFor(response);
      writeJsonMessage(this.res, status, response, headers);
    } else {
      writeJsonMessage(this.res, 200, response);
    }
  }

  /** The answers to a 2025-03-26 batch: one JSON array, or the remaining events of the stream. */
  respondBatch(responses: readonly JsonRpcResponse[]): void {
    if (this.finish()) return;
    if (this.sse === undefined) {
      writeJsonMessage(this.res, 200, responses);
      return;
    }
    const events = this.events();
    for (const response of responses) events.send(response);
    events.end();
  }

  /** Stops the heartbeats; called whatever happened to the call (it may have thrown). */
  release(): void {
    this.heartbeats.delete(this);
  }

  /** `true` when already finished (a second answer is a bug in the caller: ignored). */
  private finish(): boolean {
    if (this.finished) return true;
    this.finished = true;
    this.release();
    return false;
  }

  private stream(): SseStream {
    if (this.sse === undefined) {
      this.sse = new SseStream(this.res);
      this.sse.open();
      this.resumable = this.openResumable?.(this.sse);
    }
    return this.sse;
  }

  /** Where messages go once SSE is open: the resumable stream, else the response itself. */
  private events(): MessageSink & { end(): void } {
    const sse = this.stream();
    return this.resumable ?? sse;
  }
}
