import { IntrinsicException } from '@nestjs/common';

/**
 * Thrown by a tool handler on purpose to fail the call with a message meant for the model:
 * the message becomes the text of an `isError: true` result (tools §Error handling). Any other
 * error is masked as "Tool execution failed" so internal details never reach the client.
 * Intrinsic: an expected outcome, which Nest's exception filters do not log as a fault.
 */
export class McpToolError extends IntrinsicException {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'McpToolError';
  }
}
