import { createHmac, timingSafeEqual } from 'node:crypto';

import { JsonRpcErrorCode } from '../../../protocol/json-rpc/json-rpc-error-codes.js';
import { isPlainObject } from '../../../protocol/json-rpc/json-rpc-message.validator.js';
import type { JsonObject } from '../../../protocol/json-rpc/json-rpc.types.js';
import { McpError } from '../../../protocol/json-rpc/mcp-error.js';

/** What a `requestState` is bound to (SEP-2322: principal, method, parameter digest). */
export interface RequestStateBinding {
  readonly subject: string;
  readonly method: string;
  /** `params.name` (tools/call, prompts/get) or `params.uri` (resources/read). */
  readonly name: string;
  /** SHA-256 of the canonical JSON of the original arguments. */
  readonly argumentsDigest: string;
}

interface StateClaims {
  readonly v: 1;
  readonly sub: string;
  readonly m: string;
  readonly n: string;
  readonly a: string;
  /** Expiry, Unix milliseconds. */
  readonly exp: number;
  /** Answers of earlier rounds, by input key. */
  readonly r: JsonObject;
}

/**
 * Signs and verifies 2026-07-28 `requestState` (SEP-2322): `base64url(claims).base64url(HMAC-
 * SHA256(key, claims))`. The state comes back from the client as attacker-controlled input, so
 * it is integrity-protected, expires, and is accepted only for the principal, method, target and
 * arguments it was minted for. It is not encrypted: it only carries the client's own answers.
 * Every failure is the same -32602, so a prober learns nothing about which check failed.
 */
export class RequestStateCodec {
  constructor(
    private readonly key: Buffer,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  sign(binding: RequestStateBinding, answers: JsonObject): string {
    const claims: StateClaims = {
      v: 1,
      sub: binding.subject,
      m: binding.method,
      n: binding.name,
      a: binding.argumentsDigest,
      exp: this.now() + this.ttlMs,
      r: answers,
    };
    const body = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
    return `${body}.${this.mac(body).toString('base64url')}`;
  }

  /** Returns the answers carried by a valid state. @throws McpError -32602 otherwise. */
  verify(state: string, binding: RequestStateBinding): JsonObject {
    const dot = state.indexOf('.');
    if (dot <= 0) throw invalidState();
    const body = state.slice(0, dot);
    const signature = Buffer.from(state.slice(dot + 1), 'base64url');
    const expected = this.mac(body);
    // Buffer.from(base64url) drops foreign characters: re-encoding catches a mangled signature.
    if (
      signature.length !== expected.length ||
      !timingSafeEqual(signature, expected) ||
      signature.toString('base64url') !== state.slice(dot + 1)
    ) {
      throw invalidState();
    }
    const claims = parseClaims(body);
    if (
      claims === undefined ||
      claims.exp <= this.now() ||
      claims.sub !== binding.subject ||
      claims.m !== binding.method ||
      claims.n !== binding.name ||
      claims.a !== binding.argumentsDigest
    ) {
      throw invalidState();
    }
    return claims.r;
  }

  private mac(body: string): Buffer {
    return createHmac('sha256', this.key).update(body).digest();
  }
}

function parseClaims(body: string): StateClaims | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    return isPlainObject(value) &&
      value.v === 1 &&
      typeof value.exp === 'number' &&
      isPlainObject(value.r)
      ? (value as unknown as StateClaims)
      : undefined;
  } catch {
    return undefined;
  }
}

function invalidState(): McpError {
  return new McpError(
    JsonRpcErrorCode.InvalidParams,
    'Invalid params: requestState failed verification (tampered, expired or not issued for this request)',
    { reason: 'invalid_request_state' },
  );
}
