import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import type { UpstreamAuth, UpstreamEndpoint } from '../client/upstream-client.types.js';
import type { SecretBox } from '../secrets/secret-box.js';
import { hasSecrets, type UpstreamSpec } from '../spec/upstream-spec.js';
import type { UpstreamServerEntity } from './upstream-server.entity.js';

/** What is sealed of one upstream: the header values and the credential's secret. */
interface SealedPart {
  readonly headers: Record<string, string>;
  readonly secret?: string;
}

/** The columns of `upstream_servers` a spec sets (not name, revision, timestamps). */
export type UpstreamColumns = Pick<
  UpstreamServerEntity,
  | 'transport'
  | 'url'
  | 'command'
  | 'args'
  | 'headerNames'
  | 'auth'
  | 'sealedSecrets'
  | 'enabled'
  | 'timeoutMs'
>;

/** @throws SecretKeyMissingError when the spec has secrets and no key is configured */
export function columnsOf(spec: UpstreamSpec, box: SecretBox): UpstreamColumns {
  const auth = spec.auth ?? { type: 'none' };
  const headers = { ...spec.headers };
  const secret = secretOf(auth);
  const sealed: SealedPart = secret === undefined ? { headers } : { headers, secret };
  return {
    transport: spec.transport,
    url: spec.url ?? null,
    command: spec.command ?? null,
    args: [...(spec.args ?? [])],
    headerNames: Object.keys(headers),
    auth: publicAuthOf(auth),
    sealedSecrets: hasSecrets(spec) ? box.seal(JSON.stringify(sealed), spec.name) : null,
    enabled: spec.enabled ?? true,
    timeoutMs: spec.timeoutMs ?? null,
  };
}

/** The spec a row was stored from, secrets opened (to apply a partial change to it). */
export function specOf(row: UpstreamServerEntity, box: SecretBox): UpstreamSpec {
  const sealed: SealedPart =
    row.sealedSecrets === null
      ? { headers: {} }
      : (JSON.parse(box.open(row.sealedSecrets, row.name)) as SealedPart);
  return {
    name: row.name,
    transport: row.transport,
    ...(row.url === null ? {} : { url: row.url }),
    ...(row.command === null ? {} : { command: row.command, args: row.args }),
    ...(row.headerNames.length === 0 ? {} : { headers: sealed.headers }),
    auth: authOf(row.auth, sealed.secret),
    enabled: row.enabled,
    ...(row.timeoutMs === null ? {} : { timeoutMs: row.timeoutMs }),
  };
}

/** How to connect to the upstream of `row`, secrets opened. */
export function endpointOf(
  row: UpstreamServerEntity,
  box: SecretBox,
  defaultTimeoutMs: number,
): UpstreamEndpoint {
  const spec = specOf(row, box);
  return {
    name: spec.name,
    transport: spec.transport,
    ...(spec.url === undefined ? {} : { url: spec.url }),
    ...(spec.command === undefined ? {} : { command: spec.command, args: spec.args ?? [] }),
    ...(spec.headers === undefined ? {} : { headers: spec.headers }),
    auth: spec.auth ?? { type: 'none' },
    requestTimeoutMs: spec.timeoutMs ?? defaultTimeoutMs,
  };
}

/** The credential as shown and stored in clear: everything but its secret. */
export function publicAuthOf(auth: UpstreamAuth): JsonObject {
  switch (auth.type) {
    case 'none':
      return { type: 'none' };
    case 'header':
      return { type: 'header', name: auth.name };
    case 'client-credentials':
    case 'token-exchange':
      return withoutKeys(auth, ['clientSecret']);
  }
}

function withoutKeys(value: object, keys: readonly string[]): JsonObject {
  return Object.fromEntries<JsonObject[string]>(
    Object.entries(value as JsonObject).filter(([key]) => !keys.includes(key)),
  );
}

function secretOf(auth: UpstreamAuth): string | undefined {
  switch (auth.type) {
    case 'none':
      return undefined;
    case 'header':
      return auth.value;
    case 'client-credentials':
    case 'token-exchange':
      return auth.clientSecret;
  }
}

function authOf(stored: JsonObject, secret: string | undefined): UpstreamAuth {
  const type = stored['type'];
  if (type === 'header') return { ...stored, type, value: secret ?? '' } as UpstreamAuth;
  if (type === 'client-credentials' || type === 'token-exchange') {
    return { ...stored, type, clientSecret: secret ?? '' } as UpstreamAuth;
  }
  return { type: 'none' };
}
