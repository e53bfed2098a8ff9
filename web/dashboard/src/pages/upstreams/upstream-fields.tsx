import type { UpstreamAdminView } from '../../api/admin-api.generated.js';
import { CredentialFields } from './credential-fields.js';
import { type DraftState, fieldOf } from './draft-field.js';
import type { Transport } from './upstream-draft.js';

/**
 * What the add and edit forms share: transport, URL or command and arguments, static headers and
 * the credential. Editing (`stored` given), the stored headers are kept unless replaced on purpose.
 */
export function UpstreamFields({
  state,
  stored,
}: {
  state: DraftState;
  stored: UpstreamAdminView | undefined;
}) {
  const { draft, setDraft } = state;
  const field = (key: Parameters<typeof fieldOf>[1]) => fieldOf(state, key);
  const storedHeaders = stored?.headers.map((header) => header.name) ?? [];
  return (
    <>
      <label for="upstream-transport">Transport</label>
      <select
        id="upstream-transport"
        value={draft.transport}
        onChange={(event) =>
          setDraft({ ...draft, transport: event.currentTarget.value as Transport })
        }
      >
        <option value="streamable-http">Streamable HTTP</option>
        <option value="sse">HTTP+SSE (2024-11-05)</option>
        <option value="stdio">stdio</option>
      </select>
      {draft.transport === 'stdio' ? (
        <>
          <label for="upstream-command">Command</label>
          <input {...field('command')} autocomplete="off" />
          <label for="upstream-args">Arguments (one per line)</label>
          <textarea {...field('args')} rows={3} />
          <p class="hint">
            stdio upstreams take no headers and no credential
            {stored === undefined ? '' : ': saving removes the stored ones'}.
          </p>
        </>
      ) : (
        <>
          <label for="upstream-url">URL</label>
          <input {...field('url')} type="url" autocomplete="off" />
          {stored === undefined ? null : (
            <>
              <p class="hint">
                Stored headers: {storedHeaders.length === 0 ? 'none' : storedHeaders.join(', ')}{' '}
                (values never shown)
              </p>
              <label class="check">
                <input
                  type="checkbox"
                  checked={draft.replaceHeaders}
                  onChange={(event) =>
                    setDraft({ ...draft, replaceHeaders: event.currentTarget.checked })
                  }
                />{' '}
                Replace the stored headers
              </label>
            </>
          )}
          {draft.replaceHeaders ? (
            <>
              <label for="upstream-headers">
                Static headers (write-only, one "Name: value" per line
                {stored === undefined ? ', optional' : '; empty removes them all'})
              </label>
              <textarea {...field('headers')} rows={2} autocomplete="off" />
            </>
          ) : null}
          <CredentialFields state={state} stored={stored} />
        </>
      )}
    </>
  );
}
