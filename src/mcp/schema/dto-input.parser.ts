import type { Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import {
  getMetadataStorage,
  validate,
  type ValidationError,
  ValidationTypes,
  type ValidatorOptions,
} from 'class-validator';

import type { ToolInputParser } from '../../protocol/capabilities/registered-capability.types.js';
import { classTransformerMetadata } from './class-transformer-storage.js';
import { listProblems } from './problem-list.js';

/**
 * Nest's `ValidationPipe({ whitelist: true })`: properties the DTO does not declare with a
 * class-validator decorator (`@Allow()` declares one without a rule) are dropped, so a handler
 * that spreads its input into a row or a request cannot be handed fields it never asked for.
 * They are dropped, not refused, because the DTO's JSON Schema (class-validator-jsonschema)
 * leaves `additionalProperties` open: a client that sends one did nothing the schema forbids.
 * The errors keep neither the instance nor the values: they only become messages.
 */
const VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
};

/**
 * The DTO step of a tool's input check, as a Nest controller's `ValidationPipe` runs it:
 * `plainToInstance` (so `@Transform` and `@Type` apply and the handler gets an instance of the
 * DTO), then class-validator's asynchronous `validate` (so `@Validate` constraints and
 * decorators made with `registerDecorator` run, async ones included — `validateSync` would
 * skip those silently). Every failed constraint is reported, with its path from `label`
 * (`arguments/items/0/name must be a string`).
 *
 * @throws Error naming the decorator when the DTO cannot be turned into an instance as declared
 */
export function dtoInputParser(dto: Type<unknown>, label: string): ToolInputParser {
  assertNestedTypes(dto, new Set());
  return async (args) => {
    const instance = plainToInstance(dto, args) as object;
    const errors = await validate(instance, VALIDATOR_OPTIONS);
    if (errors.length === 0) return { ok: true, value: instance };
    return { ok: false, problems: listProblems(describeErrors(label, errors, [])) };
  };
}

/**
 * `@ValidateNested()` without class-transformer's `@Type(() => Nested)` leaves the nested value
 * a plain object, which class-validator then refuses ("an unknown value was passed"), so every
 * call would fail: refuse the DTO at boot instead, naming the property.
 */
function assertNestedTypes(dto: Type<unknown>, seen: Set<Type<unknown>>): void {
  if (seen.has(dto)) return;
  seen.add(dto);
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  for (const { type, propertyName } of metadatas) {
    if (type !== ValidationTypes.NESTED_VALIDATION) continue;
    const typeMetadata = classTransformerMetadata.findTypeMetadata(dto, propertyName);
    if (typeMetadata === undefined) {
      throw new Error(
        `${dto.name}.${propertyName}: @ValidateNested() needs @Type(() => ItsClass) from ` +
          'class-transformer, or the nested value stays a plain object and fails validation',
      );
    }
    const subTypes = typeMetadata.options.discriminator?.subTypes.map(({ value }) => value);
    for (const nested of subTypes ?? [typeMetadata.typeFunction()]) {
      assertNestedTypes(nested as Type<unknown>, seen);
    }
  }
}

function describeErrors(
  path: string,
  errors: readonly ValidationError[],
  into: string[],
): string[] {
  for (const { property, constraints, children } of errors) {
    const where = `${path}/${property}`;
    for (const message of Object.values(constraints ?? {})) {
      // class-validator's messages start with the property name ("name must be a string").
      into.push(
        message.startsWith(`${property} `)
          ? `${where} ${message.slice(property.length + 1)}`
          : `${where}: ${message}`,
      );
    }
    if (children !== undefined) describeErrors(where, children, into);
  }
  return into;
}
