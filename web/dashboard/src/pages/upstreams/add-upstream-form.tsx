import { useState } from 'preact/hooks';

import type { CreateUpstreamDto } from '../../api/admin-api.generated.js';
import type { AdminApi } from '../../api/client.js';
import { ErrorNotice } from '../../ui/states.js';
import { asError } from '../../ui/use-resource.js';

type Transport = NonNullable<CreateUpstreamDto['transport']>;

/** The form's fields, all text as typed; the API checks them (docs/federation.md). */
interface Draft {
  name: string;
  transport: Transport;
  url: string;
  command: string;
  args: string;
  headerName: string;
  headerValue: string;
}

const EMPTY: Draft = {
  name: '',
  transport: 'streamable-http',
  url: '',
  command: '',
  args: '',
  headerName: '',
  headerValue: '',
};

/** The create body of `draft`: url or command + args by transport, static header auth if named. */
function bodyOf(draft: Draft): CreateUpstreamDto {
  const target =
    draft.transport === 'stdio'
      ? { command: draft.command.trim(), args: draft.args.split('\n').filter((a) => a !== '') }
      : { url: draft.url.trim() };
  const name = draft.headerName.trim();
  return {
    name: draft.name.trim(),
    transport: draft.transport,
    ...target,
    ...(name === '' ? {} : { auth: { type: 'header', name, value: draft.headerValue } }),
  };
}

/**
 * Adds an upstream; the API's 400 (invalid fields, a secret without MCP_UPSTREAM_SECRET_KEY) is
 * shown as it came. The header's value is write-only: sent once, never shown again by the API.
 */
export function AddUpstreamForm({ api, onAdded }: { api: AdminApi; onAdded: () => void }) {
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const field = (key: keyof Draft) => ({
    id: `upstream-${key}`,
    value: draft[key],
    onInput: (event: { currentTarget: { value: string } }) =>
      setDraft({ ...draft, [key]: event.currentTarget.value }),
  });
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      await api.post('/upstreams', bodyOf(draft));
      setDraft(EMPTY);
      onAdded();
    } catch (failure) {
      setError(asError(failure));
    } finally {
      setBusy(false);
    }
  };
  const stdio = draft.transport === 'stdio';
  return (
    <section class="panel" aria-labelledby="add-upstream-title">
      <h2 id="add-upstream-title">Add upstream</h2>
      <form class="policy" onSubmit={(event) => void submit(event)}>
        <label for="upstream-name">Upstream name</label>
        <input {...field('name')} autocomplete="off" />
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
        {stdio ? (
          <>
            <label for="upstream-command">Command</label>
            <input {...field('command')} autocomplete="off" />
            <label for="upstream-args">Arguments (one per line)</label>
            <textarea {...field('args')} rows={3} />
          </>
        ) : (
          <>
            <label for="upstream-url">URL</label>
            <input {...field('url')} type="url" autocomplete="off" />
          </>
        )}
        <label for="upstream-headerName">Auth header name (optional)</label>
        <input {...field('headerName')} placeholder="Authorization" autocomplete="off" />
        <label for="upstream-headerValue">Auth header value (write-only)</label>
        <input {...field('headerValue')} type="password" autocomplete="new-password" />
        <button type="submit" disabled={busy}>
          {busy ? 'Adding…' : 'Add upstream'}
        </button>
      </form>
      {error === undefined ? null : <ErrorNotice error={error} />}
    </section>
  );
}
