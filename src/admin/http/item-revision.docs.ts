import { applyDecorators } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPreconditionFailedResponse,
} from '@nestjs/swagger';

const ETAG = {
  ETag: {
    description: 'The item’s revision as a strong entity tag, e.g. "3"; send it back in If-Match',
    schema: { type: 'string' },
  },
};

/** OpenAPI of a read of one item ({@link ItemRevisionInterceptor}): 200 with its ETag, 404. */
export function ApiItemRead(notFound: string): MethodDecorator {
  return applyDecorators(
    ApiOkResponse({ description: 'The item, with its ETag', headers: ETAG }),
    ApiNotFoundResponse({ description: notFound }),
  );
}

/**
 * OpenAPI of a change of one item: optional `If-Match` (RFC 9110 §13.1.1), 200 with the new
 * ETag, 404 for an unknown item whatever the body, 409 and 412.
 */
export function ApiItemChange(answers: { notFound: string; conflict: string }): MethodDecorator {
  return applyDecorators(
    ApiHeader({
      name: 'If-Match',
      required: false,
      description:
        'The ETag you read (412 if the item changed since), or * for any revision. Without it ' +
        '(and without expectedRevision) the change applies to the current state.',
    }),
    ApiOkResponse({
      description: 'Changed; the item as it is now, with its new ETag',
      headers: ETAG,
    }),
    ApiNotFoundResponse({ description: `${answers.notFound} (whatever the body)` }),
    ApiConflictResponse({ description: answers.conflict }),
    ApiPreconditionFailedResponse({
      description: 'If-Match does not match the current ETag: nothing changed',
    }),
  );
}
