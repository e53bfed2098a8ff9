import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { map, type Observable } from 'rxjs';

import { entityTagOf } from './entity-tag.js';

/** An admin view of one item: the revision of its stored policy is the item's revision. */
export interface RevisionedView {
  readonly policy: { readonly revision: number };
}

/** An admin view of one item that is itself the stored row (an upstream): its own revision. */
export interface OwnRevisionView {
  readonly revision: number;
}

/**
 * The HTTP side of one admin item's revision, on the routes that read or change one item:
 *
 * - an unknown item answers 404 before the body is validated (interceptors run before pipes),
 *   so the answer to a name that does not exist never depends on the body;
 * - the answer carries the item's strong `ETag` (RFC 9110 §8.8.3), its stored revision.
 *
 * The ETag names the revision an `If-Match` is checked against, while the body also holds what
 * the revision does not cover (the code's declarations, call statistics). So a GET is never
 * answered 304 from it: Express would do so for a matching `If-None-Match`, and a browser would
 * then show a stale body. Express's own body-hash ETags are switched off (server.ts).
 */
export abstract class ItemRevisionInterceptor implements NestInterceptor {
  /** Throws the 404 of an item the route's path parameters do not name. */
  protected abstract assertExists(params: Readonly<Record<string, string>>): void;

  intercept(
    context: ExecutionContext,
    next: CallHandler<RevisionedView | OwnRevisionView>,
  ): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    this.assertExists(request.params as Record<string, string>);
    Object.defineProperty(request, 'fresh', { value: false });
    const response = http.getResponse<Response>();
    return next.handle().pipe(
      map((view) => {
        const revision = 'policy' in view ? view.policy.revision : view.revision;
        response.setHeader('ETag', entityTagOf(revision));
        return view;
      }),
    );
  }
}
