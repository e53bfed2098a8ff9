import { describe, expect, it } from 'vitest';

import { InvalidTokenError } from './invalid-token.error.js';
import { invalidTokenFrom } from './verification-failure.js';

describe(invalidTokenFrom.name, () => {
  it('should pass our own failures through unchanged', () => {
    const own = new InvalidTokenError('unknownKey', 'no matching key');
    expect(invalidTokenFrom(own)).toBe(own);
  });

  it('should call anything but a token error unverifiable, keeping its message for the log', () => {
    const fetchFailed = invalidTokenFrom(new TypeError('fetch failed'));
    expect(fetchFailed).toMatchObject({
      failure: 'unverifiable',
      reason: 'TypeError: fetch failed',
    });
    expect(invalidTokenFrom(undefined)).toMatchObject({ failure: 'unverifiable' });
  });
});
