/** The reason a signal was aborted with, as an `Error` (every reason this code base uses is one). */
export function abortReasonOf(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error('aborted');
}
