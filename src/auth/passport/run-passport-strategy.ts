import type { IncomingMessage } from 'node:http';

import type { Request } from 'express';
import type { Strategy, StrategyCreated, StrategyCreatedStatic } from 'passport';

export type StrategyOutcome<T> =
  { readonly ok: true; readonly user: T } | { readonly ok: false; readonly reason: unknown };

/**
 * Runs a passport strategy on a plain `IncomingMessage`, outside Express and without
 * `passport.authenticate`, the way passport's own middleware does: a per-request object whose
 * prototype is the strategy, with the outcome callbacks attached. The MCP listener has no
 * Express request; the strategies we run read headers only.
 */
export function runPassportStrategy<T>(
  strategy: Strategy,
  request: IncomingMessage,
): Promise<StrategyOutcome<T>> {
  return new Promise((resolve, reject) => {
    const attempt = Object.create(strategy) as StrategyCreated<
      Strategy,
      Strategy & StrategyCreatedStatic
    >;
    attempt.success = (user: unknown) => resolve({ ok: true, user: user as T });
    attempt.fail = (reason?: unknown) => resolve({ ok: false, reason });
    attempt.error = reject;
    attempt.redirect = () => reject(new Error(`strategy ${strategy.name ?? ''} tried to redirect`));
    attempt.pass = () => resolve({ ok: false, reason: undefined });
    // `authenticate` expects an Express request in its types; passport-jwt reads headers only.
    // eslint-disable-next-line @typescript-eslint/unbound-method -- invoked with `attempt` as `this`
    Reflect.apply(strategy.authenticate, attempt, [request as Request]);
  });
}
