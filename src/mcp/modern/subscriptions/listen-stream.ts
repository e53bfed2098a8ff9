import type { DispatchCall } from '../../dispatcher/dispatch-call.js';
import type { JsonObject } from '../../../protocol/json-rpc/json-rpc.types.js';
import type { ChangeNotification } from '../../subscriptions/change-notification.js';
import type { ChangeListener } from '../../subscriptions/subscription-hub.js';
import type { SubscriptionFilter } from './subscription-filter.js';

const FLAG_OF: Readonly<Record<string, keyof SubscriptionFilter>> = {
  'notifications/tools/list_changed': 'toolsListChanged',
  'notifications/prompts/list_changed': 'promptsListChanged',
  'notifications/resources/list_changed': 'resourcesListChanged',
};

/**
 * One open `subscriptions/listen` (2026-07-28 §Subscriptions): sends only what its honoured
 * filter names, every notification tagged with the subscription id in `_meta`. It ends when the
 * client closes the stream (the cancel of the request) or the server ends it gracefully.
 */
export class ListenStream implements ChangeListener {
  private readonly uris: ReadonlySet<string>;
  private ended = false;

  constructor(
    private readonly call: DispatchCall,
    private readonly filter: SubscriptionFilter,
    private readonly meta: JsonObject,
    /** Re-checked per `resources/updated`: access may have been restricted since the listen. */
    private readonly mayRead: (uri: string) => boolean,
    private readonly onEnd: () => void,
  ) {
    this.uris = new Set(filter.resourceSubscriptions);
    call.signal.addEventListener('abort', this, { once: true });
  }

  deliver(notification: ChangeNotification): void {
    if (this.ended) return;
    let params: JsonObject;
    if (notification.method === 'notifications/resources/updated') {
      if (!this.uris.has(notification.uri) || !this.mayRead(notification.uri)) return;
      params = { uri: notification.uri, _meta: this.meta };
    } else {
      const flag = FLAG_OF[notification.method];
      if (flag === undefined || this.filter[flag] !== true) return;
      params = { _meta: this.meta };
    }
    const sent = this.call.ctx.sink.send({ jsonrpc: '2.0', method: notification.method, params });
    if (!sent) this.end();
  }

  /** The call's abort (client closed the stream, cancellation). */
  handleEvent(): void {
    this.end();
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.call.signal.removeEventListener('abort', this);
    this.onEnd();
  }
}
