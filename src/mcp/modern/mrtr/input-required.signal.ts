import { IntrinsicException } from '@nestjs/common';

/**
 * Ends a handler that asked for client input the request does not carry (2026-07-28, SEP-2322):
 * the dispatcher answers an `InputRequiredResult` instead of the handler's result. Not an
 * error of the handler: tools see it as the rejection of `requestInput` and need not catch it.
 * An `IntrinsicException`, so Nest's exception filter around handlers does not log it.
 */
export class InputRequiredSignal extends IntrinsicException {
  constructor() {
    super('client input required');
    this.name = 'InputRequiredSignal';
  }
}
