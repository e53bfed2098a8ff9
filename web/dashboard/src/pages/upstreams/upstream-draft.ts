import type {
  CreateUpstreamDto,
  UpdateUpstreamDto,
  UpstreamAdminView,
  UpstreamAuthDto,
} from '../../api/admin-api.generated.js';

export type Transport = NonNullable<CreateUpstreamDto['transport']>;
export type CredentialType = UpstreamAuthDto['type'];
/** `keep`: the stored credential, left out of the `PATCH` (editing only). */
export type CredentialChoice = CredentialType | 'keep';

/**
 * An upstream form's fields, all text as typed; the API checks them (docs/federation.md).
 * Secrets (`headers` values, `headerValue`, `clientSecret`) start empty: the API never returns one.
 */
export interface Draft {
  name: string;
  transport: Transport;
  url: string;
  command: string;
  args: string;
  enabled: boolean;
  /** Whether `headers` is sent; editing starts at false, which keeps the stored headers. */
  replaceHeaders: boolean;
  /** `Name: value`, one per line. */
  headers: string;
  credential: CredentialChoice;
  headerName: string;
  headerValue: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  resource: string;
  audience: string;
}

/** The fields typed into a text input or text area. */
export type TextField = {
  [K in keyof Draft]: Draft[K] extends string ? K : never;
}[keyof Draft];

export const EMPTY_DRAFT: Draft = {
  name: '',
  transport: 'streamable-http',
  url: '',
  command: '',
  args: '',
  enabled: true,
  replaceHeaders: true,
  headers: '',
  credential: 'none',
  headerName: '',
  headerValue: '',
  tokenUrl: '',
  clientId: '',
  clientSecret: '',
  scope: '',
  resource: '',
  audience: '',
};

/**
 * The draft of a stored upstream: its settings and the non-secret fields of its credential
 * (prefilled should the operator replace it), headers and credential kept unless replaced.
 */
export function draftOf(upstream: UpstreamAdminView): Draft {
  const auth: Readonly<Record<string, unknown>> = upstream.auth;
  const text = (key: string): string => {
    const value = auth[key];
    return typeof value === 'string' ? value : '';
  };
  return {
    ...EMPTY_DRAFT,
    name: upstream.name,
    transport: upstream.transport as Transport,
    url: upstream.url ?? '',
    command: upstream.command ?? '',
    args: upstream.args.join('\n'),
    enabled: upstream.enabled,
    replaceHeaders: false,
    credential: 'keep',
    headerName: text('name'),
    tokenUrl: text('tokenUrl'),
    clientId: text('clientId'),
    scope: text('scope'),
    resource: text('resource'),
    audience: text('audience'),
  };
}

export function createBodyOf(draft: Draft): CreateUpstreamDto {
  return { name: draft.name.trim(), ...settingsOf(draft) };
}

/** A `PATCH` of every setting the form shows, refused (409) if the upstream changed since `revision`. */
export function updateBodyOf(draft: Draft, revision: number): UpdateUpstreamDto {
  return { ...settingsOf(draft), enabled: draft.enabled, expectedRevision: revision };
}

/**
 * The transport with its target, the headers if replaced and the credential unless kept. The API
 * replaces `headers` and `auth` whole, so leaving them out is what keeps the stored secrets. stdio
 * takes neither: a change to stdio removes them (docs/federation.md "Admin API").
 */
function settingsOf(draft: Draft): Omit<CreateUpstreamDto, 'name'> {
  if (draft.transport === 'stdio') {
    return {
      transport: 'stdio',
      command: draft.command.trim(),
      args: draft.args.split('\n').filter((arg) => arg !== ''),
      auth: { type: 'none' },
    };
  }
  return {
    transport: draft.transport,
    url: draft.url.trim(),
    ...(draft.replaceHeaders ? { headers: headersOf(draft.headers) } : {}),
    ...(draft.credential === 'keep' ? {} : { auth: authOf(draft, draft.credential) }),
  };
}

/** `Name: value` lines; a line without a colon is refused here, before anything is sent. */
function headersOf(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    if (colon < 1) throw new Error(`Header line ${index + 1} is not "Name: value"`);
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** The credential of `type` (docs/federation.md "Credentials"); empty optional fields left out. */
function authOf(draft: Draft, type: CredentialType): UpstreamAuthDto {
  const optional = (key: 'scope' | 'resource' | 'audience') => {
    const value = draft[key].trim();
    return value === '' ? {} : { [key]: value };
  };
  switch (type) {
    case 'none':
      return { type };
    case 'header':
      return { type, name: draft.headerName.trim(), value: draft.headerValue };
    case 'client-credentials':
    case 'token-exchange':
      return {
        type,
        tokenUrl: draft.tokenUrl.trim(),
        clientId: draft.clientId.trim(),
        clientSecret: draft.clientSecret,
        ...optional('scope'),
        ...optional('resource'),
        ...(type === 'token-exchange' ? optional('audience') : {}),
      };
  }
}
