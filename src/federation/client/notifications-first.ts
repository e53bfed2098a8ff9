import { isJSONRPCNotification, type Transport } from '@modelcontextprotocol/client';

/**
 * Makes a response wait for the notifications that arrived before it. The SDK client runs a
 * notification's handler one microtask late but settles a response at once, so when a
 * transport delivers `notifications/progress` and the final response in the same tick (HTTP+SSE
 * does, reading one network chunk), the progress handler is gone by then and the progress is
 * dropped, though on the wire it came while the request was in flight (MCP basic/utilities/
 * progress). Delivering every other message one microtask later, in order, puts it behind the
 * handlers of the notifications before it. Call after `Client.connect` set the handler.
 */
export function deliverNotificationsFirst(transport: Transport): void {
  const deliver = transport.onmessage;
  if (deliver === undefined) return;
  transport.onmessage = (message, extra) => {
    if (isJSONRPCNotification(message)) deliver(message, extra);
    else queueMicrotask(() => deliver(message, extra));
  };
}
