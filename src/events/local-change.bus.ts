import { Injectable, Logger } from '@nestjs/common';

import { ChangeBus, ChangeSubscribers, type ChangeHandler } from './change-bus.js';

/**
 * The bus of the embedded database: PGlite is opened by exactly one process (the data-dir lock),
 * so this process is the only instance and delivering in-process reaches every subscriber. The
 * socket in front of PGlite serves one connection at a time, so a dedicated LISTEN connection
 * is not available there anyway.
 */
@Injectable()
export class LocalChangeBus extends ChangeBus {
  private readonly logger = new Logger(LocalChangeBus.name);
  private readonly subscribers = new ChangeSubscribers();

  publish(channel: string, payload: Readonly<Record<string, unknown>> = {}): Promise<void> {
    // Asynchronous like NOTIFY: the publisher's own call finishes before handlers run.
    queueMicrotask(() =>
      this.subscribers.deliver({ channel, payload }, (error) =>
        this.logger.error(`change handler failed on ${channel}`, String(error)),
      ),
    );
    return Promise.resolve();
  }

  subscribe(handler: ChangeHandler): () => void {
    return this.subscribers.add(handler);
  }
}
