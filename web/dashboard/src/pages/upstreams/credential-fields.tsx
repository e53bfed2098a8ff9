import type { UpstreamAdminView } from '../../api/admin-api.generated.js';
import { type DraftState, fieldOf } from './draft-field.js';
import type { CredentialChoice } from './upstream-draft.js';

const TYPES: readonly (readonly [CredentialChoice, string])[] = [
  ['none', 'None'],
  ['header', 'Static header'],
  ['client-credentials', 'OAuth client credentials'],
  ['token-exchange', 'RFC 8693 token exchange (on behalf of the caller)'],
];

/** Why a secret field is empty when editing: said next to it, so nobody thinks it is stored there. */
const RE_ENTER =
  'Required: a new credential replaces the stored one whole, and the stored secret is never shown.';

/**
 * The credential the upstream sees (docs/federation.md "Credentials"). Editing (`stored` given),
 * the stored credential is kept unless another is chosen; a chosen one needs its secret typed
 * again, so a credential is only ever replaced on purpose, never wiped by an empty field.
 */
export function CredentialFields({
  state,
  stored,
}: {
  state: DraftState;
  stored: UpstreamAdminView | undefined;
}) {
  const { draft, setDraft } = state;
  const field = (key: Parameters<typeof fieldOf>[1]) => fieldOf(state, key);
  const secret = (key: 'headerValue' | 'clientSecret', label: string) => (
    <>
      <label for={`upstream-${key}`}>{label} (write-only)</label>
      <input
        {...field(key)}
        type="password"
        autocomplete="new-password"
        required
        aria-describedby={stored === undefined ? undefined : 'upstream-secret-hint'}
      />
      {stored === undefined ? null : (
        <p id="upstream-secret-hint" class="hint">
          {RE_ENTER}
        </p>
      )}
    </>
  );
  const oauth = draft.credential === 'client-credentials' || draft.credential === 'token-exchange';
  return (
    <fieldset>
      <legend>Credential</legend>
      <label for="upstream-credential">Credential type</label>
      <select
        id="upstream-credential"
        value={draft.credential}
        onChange={(event) =>
          setDraft({ ...draft, credential: event.currentTarget.value as CredentialChoice })
        }
      >
        {stored === undefined ? null : (
          <option value="keep">
            Keep the stored one ({stored.auth.type}
            {stored.auth.secretConfigured ? ', secret configured' : ''})
          </option>
        )}
        {TYPES.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
      {draft.credential === 'header' ? (
        <>
          <label for="upstream-headerName">Header name</label>
          <input {...field('headerName')} placeholder="Authorization" autocomplete="off" />
          {secret('headerValue', 'Header value')}
        </>
      ) : null}
      {oauth ? (
        <>
          <label for="upstream-tokenUrl">Token endpoint URL</label>
          <input {...field('tokenUrl')} type="url" autocomplete="off" />
          <label for="upstream-clientId">Client ID</label>
          <input {...field('clientId')} autocomplete="off" />
          {secret('clientSecret', 'Client secret')}
          {draft.credential === 'token-exchange' ? (
            <>
              <label for="upstream-audience">Audience (optional)</label>
              <input {...field('audience')} autocomplete="off" />
            </>
          ) : null}
          <label for="upstream-scope">Scope (optional)</label>
          <input {...field('scope')} autocomplete="off" />
          <label for="upstream-resource">Resource (optional; default: the upstream URL)</label>
          <input {...field('resource')} type="url" autocomplete="off" />
        </>
      ) : null}
    </fieldset>
  );
}
