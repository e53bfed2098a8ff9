import type { ServerResponse } from 'node:http';

import type { MessageSink } from '../../mcp/context/message-sink.js';
import type { JsonRpcMessage, JsonRpcResponse } from '../../mcp/json-rpc/json-rpc.types.js';
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
 */
export class PostResponder implements MessageSink, HeartbeatTarget {
  private sse: SseStream | undefined;
  private finished = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly heartbeats: SseHeartbeat,
    private readonly errorStatus: ErrorStatusMapper,
  ) {
    heartbeats.add(this);
  }

  send(message: JsonRpcMessage): boolean {
    return !this.finished && this.stream().send(message);
  }

  heartbeat(): void {
    if (!this.stream().comment('keep-alive')) this.heartbeats.delete(this);
  }

  /** The answer to a single request; `undefined` = cancelled (no response is sent for it). */
  respond(response: JsonRpcResponse | undefined): void {
    if (this.finish()) return;
    if (this.sse !== undefined) {
      if (response !== undefined) this.sse.send(response);
      this.sse.end();
    } else if (response === undefined) {
      this.stream().end();
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
    for (const response of responses) this.sse.send(response);
    this.sse.end();
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
    }
    return this.sse;
  }
}
