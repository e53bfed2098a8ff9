import { createHash } from 'node:crypto';

import { CachedToken } from './cached-token.js';
import type { IssuedToken } from './token-endpoint.js';

/**
 * Exchanged tokens, one per calling subject token, keyed by its SHA-256 (the caller's token
 * itself is not kept), at most `capacity` of them: the least recently used goes first.
 */
export class TokenExchangeCache {
  private readonly entries = new Map<string, CachedToken>();

  constructor(
    private readonly exchange: (subjectToken: string) => Promise<IssuedToken>,
    private readonly capacity: number,
    private readonly skewMs: number,
  ) {}

  /** The exchanged token for `subjectToken`, from the cache or a new exchange. */
  token(subjectToken: string): Promise<string> {
    return this.entry(subjectToken).get(() => this.exchange(subjectToken));
  }

  /** Forgets the exchanged token of `subjectToken` (the upstream refused it). */
  invalidate(subjectToken: string): void {
    this.entry(subjectToken).invalidate();
  }

  get size(): number {
    return this.entries.size;
  }

  private entry(subjectToken: string): CachedToken {
    const key = createHash('sha256').update(subjectToken).digest('base64url');
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = new CachedToken(this.skewMs);
    } else {
      this.entries.delete(key); // re-inserted below: Map order is recency order
    }
    this.entries.set(key, entry);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return entry;
  }
}
