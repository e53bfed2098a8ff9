import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { SecretBox, SecretKeyMissingError } from './secret-box.js';
import { decodeSecretKey } from './secret-key.js';

describe(SecretBox.name, () => {
  const box = new SecretBox(randomBytes(32));

  it('should open what it sealed, and never store the plaintext', () => {
    const sealed = box.seal('Bearer s3cr3t', 'github');
    expect(sealed).not.toContain('s3cr3t');
    expect(sealed.startsWith('v1:')).toBe(true);
    expect(box.open(sealed, 'github')).toBe('Bearer s3cr3t');
    expect(box.seal('Bearer s3cr3t', 'github')).not.toBe(sealed);
  });

  it('should refuse a value of another row, an altered value and another key', () => {
    const sealed = box.seal('value', 'a');
    expect(() => box.open(sealed, 'b')).toThrow(/does not open/);
    const parts = sealed.split(':');
    const altered = [...parts.slice(0, 3), Buffer.from('other').toString('base64')].join(':');
    expect(() => box.open(altered, 'a')).toThrow(/does not open/);
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'a')).toThrow(/does not open/);
  });

  it('should refuse to seal without a key, naming the setting', () => {
    expect(() => new SecretBox(undefined).seal('x', 'a')).toThrow(SecretKeyMissingError);
    expect(() => new SecretBox(undefined).seal('x', 'a')).toThrow(/MCP_UPSTREAM_SECRET_KEY/);
  });

  it('should decode hex and base64 keys of 32 bytes only', () => {
    const key = randomBytes(32);
    expect(decodeSecretKey(key.toString('hex'))).toEqual(key);
    expect(decodeSecretKey(key.toString('base64'))).toEqual(key);
    expect(decodeSecretKey('short')).toBeNull();
    expect(decodeSecretKey(randomBytes(16).toString('base64'))).toBeNull();
  });
});
