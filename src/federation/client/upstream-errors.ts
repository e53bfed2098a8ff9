import { ProtocolError, SdkError, SdkErrorCode, SdkHttpError } from '@modelcontextprotocol/client';

import { TokenEndpointError } from './credentials/token-endpoint.js';
import { UpstreamUnavailableError } from './upstream-client.types.js';

/**
 * The upstream answered with its own JSON-RPC error: it is reachable, so this is no failure of
 * the connection (the breaker does not count it, nothing is retried) and the error goes back
 * to our caller as the upstream gave it.
 */
export function isUpstreamAnswer(error: unknown): error is ProtocolError {
  return ProtocolError.isInstance(error);
}

/**
 * The authorization server refused a credential (for one caller's exchange, or our client):
 * the upstream connection is fine, so neither the breaker nor a reconnect should react.
 */
export function isCredentialRefusal(error: unknown): boolean {
  const refusal = error instanceof TokenEndpointError ? error : (error as Error | undefined)?.cause;
  return (
    refusal instanceof TokenEndpointError &&
    refusal.error !== 'unreachable' &&
    !refusal.error.startsWith('http_5')
  );
}

/**
 * A failure of the connection itself, not of one request on it: not the upstream's answer, not
 * a timeout of one request, not our caller's abort, not a refused credential.
 */
export function isConnectionFailure(error: unknown, signal: AbortSignal): boolean {
  if (signal.aborted || isUpstreamAnswer(error) || isCredentialRefusal(error)) return false;
  return !isTimeout(error);
}

export function isTimeout(error: unknown): boolean {
  return SdkError.isInstance(error) && error.code === SdkErrorCode.RequestTimeout;
}

/**
 * The Streamable HTTP session the upstream had given us is gone (it restarted or expired the
 * session): the spec says a client MUST start a new session on 404 to a request carrying
 * `Mcp-Session-Id` (MCP 2025-11-25 basic/transports §Session Management). The request never
 * ran, so it may be sent again on a new connection whatever its side effects.
 */
export function isLostSession(error: unknown): boolean {
  return SdkHttpError.isInstance(error) && error.status === 404;
}

/**
 * What our caller sees of a failed request: the upstream's own error as is, the caller's own
 * cancellation as is, anything else (refused connection, closed pipe, timeout, HTTP error)
 * as {@link UpstreamUnavailableError}.
 */
export function toCallerError(
  upstream: string,
  error: unknown,
  signal: AbortSignal,
  timeoutMs: number,
): unknown {
  if (isUpstreamAnswer(error) || error instanceof UpstreamUnavailableError) return error;
  if (signal.aborted) return signal.reason ?? error;
  if (isTimeout(error)) {
    return new UpstreamUnavailableError(upstream, `no answer within ${timeoutMs} ms`);
  }
  return new UpstreamUnavailableError(upstream, describe(error));
}

/** A one-line reason for logs and health details (never a stack trace). */
export function describe(error: unknown): string {
  if (SdkHttpError.isInstance(error)) return `HTTP ${error.status}: ${error.message}`;
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
