import { useState } from 'preact/hooks';

import type { AdminApi } from '../../api/client.js';
import { ErrorNotice } from '../../ui/states.js';
import { asError } from '../../ui/use-resource.js';
import { fieldOf } from './draft-field.js';
import { createBodyOf, type Draft, EMPTY_DRAFT } from './upstream-draft.js';
import { UpstreamFields } from './upstream-fields.js';

/**
 * Adds an upstream; the API's 400 (invalid fields, a secret without MCP_UPSTREAM_SECRET_KEY) is
 * shown as it came. Secrets are write-only: sent once, never shown again by the API.
 */
export function AddUpstreamForm({ api, onAdded }: { api: AdminApi; onAdded: () => void }) {
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const state = { draft, setDraft };
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      await api.post('/upstreams', createBodyOf(draft));
      setDraft(EMPTY_DRAFT);
      onAdded();
    } catch (failure) {
      setError(asError(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="panel" aria-labelledby="add-upstream-title">
      <h2 id="add-upstream-title">Add upstream</h2>
      <form class="policy" onSubmit={(event) => void submit(event)}>
        <label for="upstream-name">Upstream name</label>
        <input {...fieldOf(state, 'name')} autocomplete="off" />
        <UpstreamFields state={state} stored={undefined} />
        <button type="submit" disabled={busy}>
          {busy ? 'Adding…' : 'Add upstream'}
        </button>
      </form>
      {error === undefined ? null : <ErrorNotice error={error} />}
    </section>
  );
}
