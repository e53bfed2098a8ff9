import { describe, expect, it } from 'vitest';

import type { Principal } from '../../protocol/context/principal.js';
import { VerifiedTokenCache } from './verified-token.cache.js';

const principal = (subject: string, expiresAt: number): Principal => ({
  subject,
  roles: [],
  scopes: new Set(),
  clientId: undefined,
  tenant: undefined,
  authenticated: true,
  expiresAt,
});

describe(VerifiedTokenCache.name, () => {
  it('should serve a principal until its exp and never at or after it', () => {
    let now = 1_000;
    const sut = new VerifiedTokenCache(10, () => now);
    const alice = principal('alice', 1_060);
    sut.set('a', alice);
    now = 1_059.9;
    expect(sut.get('a')).toBe(alice);
    now = 1_060;
    expect(sut.get('a')).toBeUndefined();
    now = 1_000;
    expect(sut.get('a')).toBeUndefined();
    expect(sut.size).toBe(0);
  });

  it('should evict the least recently used entry when full', () => {
    const sut = new VerifiedTokenCache(2, () => 0);
    sut.set('a', principal('a', 60));
    sut.set('b', principal('b', 60));
    sut.get('a');
    sut.set('c', principal('c', 60));
    expect(sut.get('b')).toBeUndefined();
    expect(sut.get('a')?.subject).toBe('a');
    expect(sut.get('c')?.subject).toBe('c');
  });
});
