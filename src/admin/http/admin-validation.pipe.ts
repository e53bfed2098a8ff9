import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

/** One invalid field of a request body or query, as the admin API reports it. */
export interface FieldError {
  readonly field: string;
  readonly messages: readonly string[];
}

/**
 * Validation of admin API input against the class-validator DTOs: unknown properties are
 * refused (not silently dropped, so a typo cannot look like a successful change), and a 400
 * names every invalid field: `{ statusCode, error, message, fieldErrors: [{ field, messages }] }`.
 */
export function adminValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => invalidFields(flatten(errors, '')),
  });
}

/** The 400 of invalid admin input, also for checks that need the stored state to decide. */
export function invalidFields(fieldErrors: readonly FieldError[]): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: 'Invalid request',
    fieldErrors,
  });
}

function flatten(errors: readonly ValidationError[], prefix: string): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix === '' ? error.property : `${prefix}.${error.property}`;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
