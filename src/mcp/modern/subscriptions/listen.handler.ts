import { Injectable } from '@nestjs/common';

import type { Principal } from '../../../protocol/context/principal.js';
import type { DispatchCall } from '../../dispatcher/dispatch-call.js';
import type { MethodEntry, MethodGroup } from '../../dispatcher/method-entry.types.js';
import { ResourceVisibility } from '../../dispatcher/resource-visibility.js';
import type { JsonObject } from '../../../protocol/json-rpc/json-rpc.types.js';
import { META_SUBSCRIPTION_ID } from '../../../protocol/protocol-version.js';
import { SubscriptionHub } from '../../subscriptions/subscription-hub.js';
import { ListenStream } from './listen-stream.js';
import { readSubscriptionFilter, type SubscriptionFilter } from './subscription-filter.js';

/**
 * `subscriptions/listen` (2026-07-28 §Subscriptions): acknowledges first with the honoured subset
 * of the filter, then streams the requested change notifications until the client closes the stream
 * or the server shuts down, when the request is answered (graceful end). Keep-alive comments come
 * from the HTTP responder's heartbeat.
 */
@Injectable()
export class ListenHandler implements MethodGroup {
  constructor(
    private readonly hub: SubscriptionHub,
    private readonly visibility: ResourceVisibility,
  ) {}

  methodEntries(): readonly (readonly [string, MethodEntry])[] {
    return [['subscriptions/listen', { era: 'modern', handle: (call) => this.listen(call) }]];
  }

  private listen(call: DispatchCall): Promise<JsonObject> {
    const requested = readSubscriptionFilter(call.params.notifications);
    const honoured = this.honour(requested, call.ctx.principal);
    const meta = Object.freeze({ [META_SUBSCRIPTION_ID]: call.request.id });
    // MUST be the first message of the subscription (schema SubscriptionsAcknowledgedNotification).
    call.ctx.sink.send({
      jsonrpc: '2.0',
      method: 'notifications/subscriptions/acknowledged',
      params: { _meta: meta, notifications: honoured },
    });
    return new Promise((resolve) => {
      const mayRead = (uri: string): boolean => this.visibility.mayRead(call.ctx.principal, uri);
      const stream = new ListenStream(call, honoured, meta, mayRead, () => {
        remove();
        resolve({ _meta: meta });
      });
      const remove = this.hub.add(stream);
      if (call.signal.aborted) stream.end();
    });
  }

  /**
   * Every change type can be honoured; a resource URI only if the caller may read it, so a
   * subscription cannot reveal that a hidden resource exists or changed.
   */
  private honour(filter: SubscriptionFilter, principal: Principal): SubscriptionFilter {
    const { resourceSubscriptions, ...flags } = filter;
    if (resourceSubscriptions === undefined) return flags;
    return {
      ...flags,
      resourceSubscriptions: resourceSubscriptions.filter((uri) =>
        this.visibility.mayRead(principal, uri),
      ),
    };
  }
}
