/**
 * Who is calling. Built from a verified JWT on HTTP, from configuration on stdio, or the
 * anonymous principal when auth is off. The policy layer decides on this object alone;
 * it never sees a request.
 */
export interface Principal {
  /** `sub` claim, `stdio:<os user>`, or `anonymous`. */
  readonly subject: string;
  readonly roles: readonly string[];
  /** Union of `scope` (space separated) and `scp` (string or array). */
  readonly scopes: ReadonlySet<string>;
  /** `azp`, else `client_id`. */
  readonly clientId: string | undefined;
  readonly tenant: string | undefined;
  readonly authenticated: boolean;
  /** Unix seconds; the session store and token cache use it. */
  readonly expiresAt: number | undefined;
}

export const ANONYMOUS_PRINCIPAL: Principal = Object.freeze({
  subject: 'anonymous',
  roles: Object.freeze([]),
  scopes: new Set<string>(),
  clientId: undefined,
  tenant: undefined,
  authenticated: false,
  expiresAt: undefined,
});

/** The server acting on its own (the knowledge-base seed at start, upkeep): audited as `system`. */
export const SYSTEM_PRINCIPAL: Principal = Object.freeze({
  ...ANONYMOUS_PRINCIPAL,
  subject: 'system',
});
