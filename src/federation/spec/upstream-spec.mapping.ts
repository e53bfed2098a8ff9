import type { UpstreamAuth } from '../client/upstream-client.types.js';
import type { SpecProblem, UpstreamSpec } from './upstream-spec.js';
import type { CreateUpstreamDto, UpstreamAuthDto, UpstreamSettingsDto } from './upstream.dto.js';

type Mapped<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: SpecProblem[] };

/** The spec a `POST` body describes, or the fields it lacks. */
export function specFromCreate(body: CreateUpstreamDto): Mapped<UpstreamSpec> {
  if (body.transport === undefined) {
    return { ok: false, errors: [{ field: 'transport', messages: ['transport is required'] }] };
  }
  const { auth, ...settings } = body;
  return withAuth({ ...settings, transport: body.transport }, auth);
}

/** `current` with the fields of a `PATCH` body replaced (headers and auth whole). */
export function specFromUpdate(
  current: UpstreamSpec,
  body: UpstreamSettingsDto,
): Mapped<UpstreamSpec> {
  const { auth, ...settings } = body;
  const defined = Object.fromEntries(
    Object.entries(settings).filter(
      ([key, value]) => value !== undefined && key !== 'expectedRevision',
    ),
  );
  const next: UpstreamSpec = { ...current, ...defined };
  // A transport change drops what only the old transport used.
  const cleaned: UpstreamSpec =
    next.transport === 'stdio'
      ? { ...next, url: undefined, headers: undefined }
      : { ...next, command: undefined, args: undefined };
  return auth === undefined ? { ok: true, value: cleaned } : withAuth(cleaned, auth);
}

function withAuth(spec: UpstreamSpec, dto: UpstreamAuthDto | undefined): Mapped<UpstreamSpec> {
  if (dto === undefined) return { ok: true, value: { ...spec, auth: { type: 'none' } } };
  const missing = (fields: readonly (keyof UpstreamAuthDto)[]): SpecProblem[] =>
    fields
      .filter((field) => dto[field] === undefined)
      .map((field) => ({ field: `auth.${field}`, messages: [`${dto.type} needs ${field}`] }));
  let auth: UpstreamAuth;
  let errors: SpecProblem[] = [];
  switch (dto.type) {
    case 'none':
      auth = { type: 'none' };
      break;
    case 'header':
      errors = missing(['name', 'value']);
      auth = { type: 'header', name: dto.name ?? '', value: dto.value ?? '' };
      break;
    case 'client-credentials':
    case 'token-exchange': {
      errors = missing(['tokenUrl', 'clientId', 'clientSecret']);
      const {
        type,
        tokenUrl = '',
        clientId = '',
        clientSecret = '',
        scope,
        resource,
        audience,
      } = dto;
      const optional = {
        ...(scope === undefined ? {} : { scope }),
        ...(resource === undefined ? {} : { resource }),
      };
      auth =
        type === 'client-credentials'
          ? { type, tokenUrl, clientId, clientSecret, ...optional }
          : {
              type,
              tokenUrl,
              clientId,
              clientSecret,
              ...optional,
              ...(audience === undefined ? {} : { audience }),
            };
      break;
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { ...spec, auth } };
}
