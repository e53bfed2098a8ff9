import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Storing a secret was asked for, but no key is configured. */
export class SecretKeyMissingError extends Error {
  constructor() {
    super(
      'MCP_UPSTREAM_SECRET_KEY is not set: upstream secrets (header values, client secrets) are ' +
        'stored encrypted and cannot be stored without a key (docs/federation.md "Secrets at rest")',
    );
    this.name = 'SecretKeyMissingError';
  }
}

/**
 * AES-256-GCM (NIST SP 800-38D) of upstream secrets at rest: a fresh 96-bit IV per value, the
 * 128-bit tag checked on opening, `aad` binding a sealed value to its row (the upstream's name)
 * so a value copied to another row does not open. Stored as `v1:<iv>:<tag>:<ciphertext>`, base64.
 */
export class SecretBox {
  constructor(private readonly key: Buffer | undefined) {}

  get hasKey(): boolean {
    return this.key !== undefined;
  }

  seal(plaintext: string, aad: string): string {
    const key = this.requireKey();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [FORMAT, iv, tag, data]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64')))
      .join(':');
  }

  /** @throws Error when the key is missing or wrong, or the value was altered */
  open(sealed: string, aad: string): string {
    const key = this.requireKey();
    const [format, iv, tag, data] = sealed.split(':');
    if (format !== FORMAT || iv === undefined || tag === undefined || data === undefined) {
      throw new Error('sealed upstream secret has an unknown format');
    }
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    try {
      return Buffer.concat([
        decipher.update(Buffer.from(data, 'base64')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new Error(
        'upstream secret does not open: wrong MCP_UPSTREAM_SECRET_KEY or altered value',
      );
    }
  }

  private requireKey(): Buffer {
    if (this.key === undefined) throw new SecretKeyMissingError();
    return this.key;
  }
}
