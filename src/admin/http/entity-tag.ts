import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/**
 * An `If-Match` precondition (RFC 9110 §13.1.1): `*`, or the opaque tags of its strong entity
 * tags. Weak tags are left out: If-Match compares strongly, so they never match.
 */
export type IfMatch = '*' | readonly string[];

/** An opaque tag, quotes included: any of `!`, `#`–`~` and obs-text (RFC 9110 §8.8.3). */
const OPAQUE_TAG = '"[\\x21\\x23-\\x7e\\x80-\\xff]*"';
/** `#entity-tag`: a comma-separated list whose elements may be empty (RFC 9110 §5.6.1). */
const ENTITY_TAG_LIST = new RegExp(
  `^[\\t ]*(?:(?:W/)?${OPAQUE_TAG})?(?:[\\t ]*,[\\t ]*(?:(?:W/)?${OPAQUE_TAG})?)*[\\t ]*$`,
);
const ENTITY_TAG = new RegExp(`(W/)?(${OPAQUE_TAG})`, 'g');

/**
 * The strong entity tag of an admin item at `revision`: the stored revision, never a hash of
 * the body, so an `If-Match` compares with the row the change will be checked against.
 */
export function entityTagOf(revision: number): string {
  return `"${revision}"`;
}

/** Whether an item at `revision` passes `ifMatch`; every item that reaches it exists. */
export function ifMatchAdmits(ifMatch: IfMatch, revision: number): boolean {
  return ifMatch === '*' || ifMatch.includes(entityTagOf(revision));
}

/** The parsed `If-Match` header; `undefined` without one; 400 when it is malformed. */
export function parseIfMatch(header: string | undefined): IfMatch | undefined {
  if (header === undefined) return undefined;
  if (header.trim() === '*') return '*';
  if (!ENTITY_TAG_LIST.test(header)) {
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: 'If-Match must be * or a list of entity tags such as "3" (RFC 9110 §13.1.1)',
    });
  }
  return [...header.matchAll(ENTITY_TAG)]
    .filter(([, weak]) => weak === undefined)
    .map(([, , tag]) => tag as string);
}

/** The request's {@link IfMatch}, parsed by {@link parseIfMatch}. */
export const IfMatchHeader = createParamDecorator(
  (_data: unknown, context: ExecutionContext): IfMatch | undefined =>
    parseIfMatch(context.switchToHttp().getRequest<Request>().headers['if-match']),
);
