import { defineSettings } from '../../config/index.js';
import { ECHO_MESSAGE_MAX_LENGTH } from './echo-input.dto.js';

/** The example module's settings, from the `EXAMPLE_*` variables. */
export class ExampleSettings extends defineSettings('EXAMPLE_', (read) => ({
  /**
   * `EXAMPLE_ECHO_MAX_LENGTH`: the longest message `echo` repeats. The DTO's schema is fixed at
   * boot, before any setting is read, so a lower limit is the handler's check.
   */
  echoMaxLength: read.integer(
    'ECHO_MAX_LENGTH',
    ECHO_MESSAGE_MAX_LENGTH,
    1,
    ECHO_MESSAGE_MAX_LENGTH,
  ),
})) {}
