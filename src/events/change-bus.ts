/** A change announced to every instance: `channel` names what changed, `payload` the detail. */
export interface ChangeEvent {
  readonly channel: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

export type ChangeHandler = (event: ChangeEvent) => void;

/**
 * Fans changes out to every instance sharing the database (docs/architecture.md "Multi-instance"):
 * a change published on one instance reaches the subscribers of all of them, this one included,
 * exactly once. Abstract class so it doubles as the DI token.
 */
export abstract class ChangeBus {
  /** Resolves once the change is handed to the database (or, embedded, delivered). */
  abstract publish(channel: string, payload?: Readonly<Record<string, unknown>>): Promise<void>;
  /** Returns the unsubscribe function. Handlers must not throw; they run synchronously. */
  abstract subscribe(handler: ChangeHandler): () => void;
}

/** Delivers to the local subscribers; a failing handler never starves the others. */
export class ChangeSubscribers {
  private readonly handlers = new Set<ChangeHandler>();

  add(handler: ChangeHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  deliver(event: ChangeEvent, onError: (error: unknown) => void): void {
    for (const handler of this.handlers) {
      try {
        handler(event);
      } catch (error) {
        onError(error);
      }
    }
  }
}
