import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import type { DispatchCall } from './dispatch-call.js';

/**
 * Which revisions serve a method: `legacy` ones were removed in 2026-07-28 (`ping`,
 * `logging/setLevel`, `resources/subscribe|unsubscribe`); `modern` ones exist only there
 * (`server/discover`, `subscriptions/listen`).
 */
export type MethodEra = 'all' | 'legacy' | 'modern';

export interface MethodEntry {
  readonly era: MethodEra;
  handle(call: DispatchCall): Promise<JsonObject>;
}

/** A group of request methods (one feature); the dispatcher assembles their entries once. */
export interface MethodGroup {
  methodEntries(): readonly (readonly [string, MethodEntry])[];
}
