import type { ClientInputMethod } from '../../../protocol/context/handler-context.js';
import type { JsonObject } from '../../../protocol/json-rpc/json-rpc.types.js';

/**
 * The multi-round-trip state of one 2026-07-28 request (SEP-2322): the answers it carries (earlier
 * rounds from the verified `requestState`, this round from `inputResponses`), which of them the
 * handler used, and what it asked for that is still missing. The handler re-runs from the start
 * each round, so answers are looked up by the handler's stable keys.
 */
export class RoundTrip {
  private readonly used: JsonObject = {};
  private readonly missing: Record<string, JsonObject> = {};
  private missingCount = 0;

  constructor(private readonly answers: JsonObject) {}

  /** The answer to `key`, remembered so the next round's state carries it forward. */
  answer(key: string): JsonObject | undefined {
    if (!Object.hasOwn(this.answers, key)) return undefined;
    const answer = this.answers[key] as JsonObject;
    this.used[key] = answer;
    return answer;
  }

  ask(key: string, method: ClientInputMethod, params: JsonObject): void {
    if (!Object.hasOwn(this.missing, key)) this.missingCount++;
    this.missing[key] = { method, params };
  }

  get inputRequired(): boolean {
    return this.missingCount > 0;
  }

  /** `InputRequests`: what to ask the client this round. */
  get inputRequests(): JsonObject {
    return this.missing;
  }

  /** Answers to carry in the next `requestState`: only those the handler used (extras ignored). */
  get usedAnswers(): JsonObject {
    return this.used;
  }
}
