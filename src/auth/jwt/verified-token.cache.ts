import { hash } from 'node:crypto';

import type { Principal } from '../../protocol/context/principal.js';

/** Upper bound of cached tokens; a full cache evicts the least recently used entry. */
export const DEFAULT_TOKEN_CACHE_SIZE = 10_000;

/**
 * Principals of verified tokens, keyed by the SHA-256 of the token (the raw token is never kept),
 * each valid until the token's `exp`. Saves the signature check on every request of a session
 * (each request is still authenticated on its own: it presents and matches its own token). A `Map`
 * iterates in insertion order, so re-inserting on a hit makes the first key the LRU one.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, Principal>();

  constructor(
    private readonly maxEntries = DEFAULT_TOKEN_CACHE_SIZE,
    private readonly nowSeconds: () => number = () => Date.now() / 1000,
  ) {}

  static digest(token: string): string {
    return hash('sha256', token, 'base64url');
  }

  get(digest: string): Principal | undefined {
    const principal = this.entries.get(digest);
    if (principal === undefined) return undefined;
    this.entries.delete(digest);
    if ((principal.expiresAt ?? 0) <= this.nowSeconds()) return undefined;
    this.entries.set(digest, principal);
    return principal;
  }

  set(digest: string, principal: Principal): void {
    this.entries.delete(digest);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(digest, principal);
  }

  get size(): number {
    return this.entries.size;
  }
}
