import { registerDecorator, type ValidationArguments } from 'class-validator';

import { MAX_CLIENT_VERSION_PINS } from '../../policy/tool-policy.js';

/** RFC 6749 Appendix A: a `client_id` is VSCHAR (%x20-7E); bounded like every admin input. */
const CLIENT_ID = /^[\x20-\x7e]{1,256}$/;
/** As long as the version label of a rollback. */
const MAX_VERSION = 64;
/** How much of an offending client id an error message repeats. */
const QUOTED_ID = 64;

/**
 * What is wrong with a `clientVersionPins` change, or `undefined` when nothing is. An empty map
 * is refused: it would change nothing, and it is what remains of a body whose only keys were
 * `__proto__`, `constructor` or `prototype`, which Nest's ValidationPipe strips from every body.
 */
export function clientVersionPinsProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'clientVersionPins must be an object mapping client ids to version labels, or null';
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return 'clientVersionPins must name at least one client';
  if (entries.length > MAX_CLIENT_VERSION_PINS) {
    return `clientVersionPins must name at most ${MAX_CLIENT_VERSION_PINS} clients`;
  }
  for (const [clientId, version] of entries) {
    if (!CLIENT_ID.test(clientId)) {
      return `client id ${quote(clientId)} must be 1 to 256 printable ASCII characters`;
    }
    const valid =
      version === null ||
      (typeof version === 'string' && version !== '' && version.length <= MAX_VERSION);
    if (!valid) {
      return (
        `the version of client ${quote(clientId)} must be a label of 1 to ${MAX_VERSION} ` +
        'characters, or null to remove its pin'
      );
    }
  }
  return undefined;
}

/** Validates a `clientVersionPins` field with {@link clientVersionPinsProblem}. */
export function IsClientVersionPins(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isClientVersionPins',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => clientVersionPinsProblem(value) === undefined,
        defaultMessage: (args?: ValidationArguments) =>
          clientVersionPinsProblem(args?.value) ?? 'clientVersionPins is invalid',
      },
    });
}

function quote(clientId: string): string {
  return JSON.stringify(
    clientId.length > QUOTED_ID ? `${clientId.slice(0, QUOTED_ID)}…` : clientId,
  );
}
