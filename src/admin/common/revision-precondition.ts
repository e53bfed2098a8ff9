import { ConflictException, PreconditionFailedException } from '@nestjs/common';

import { type IfMatch, ifMatchAdmits } from '../http/entity-tag.js';

/**
 * What an admin's change requires of the item's stored revision: an `If-Match` header (412 when
 * it does not match, RFC 9110 §15.5.13) and/or the body's `expectedRevision` (409 when stale).
 * Neither: the change applies to whatever is stored when it runs.
 */
export interface RevisionPrecondition {
  readonly ifMatch?: IfMatch | undefined;
  readonly expectedRevision?: number | undefined;
}

/** Throws the admin API's 412 or 409 when `precondition` does not admit `current`. */
export function assertPrecondition(precondition: RevisionPrecondition, current: number): void {
  const { ifMatch, expectedRevision } = precondition;
  if (ifMatch !== undefined && !ifMatchAdmits(ifMatch, current)) {
    throw new PreconditionFailedException({
      statusCode: 412,
      error: 'Precondition Failed',
      message: 'If-Match does not match: the item changed since you read it; re-read it and retry',
      currentRevision: current,
    });
  }
  if (expectedRevision !== undefined && expectedRevision !== current) {
    throw staleRevision(current);
  }
}

/** The 409 of a stale `expectedRevision`; `current` when known. */
export function staleRevision(current: number | undefined): ConflictException {
  return new ConflictException({
    statusCode: 409,
    error: 'Conflict',
    message: 'expectedRevision is stale: the item changed since you read it; re-read it and retry',
    ...(current === undefined ? {} : { currentRevision: current }),
  });
}
