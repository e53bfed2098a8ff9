import { useState } from 'preact/hooks';

import type { UpstreamAdminView } from '../../api/admin-api.generated.js';
import { type AdminApi, ApiError } from '../../api/client.js';
import { ErrorNotice } from '../../ui/states.js';
import { asError } from '../../ui/use-resource.js';
import { type Draft, draftOf, updateBodyOf } from './upstream-draft.js';
import { UpstreamFields } from './upstream-fields.js';

/**
 * Edits an upstream's settings with one `PATCH` carrying the revision the form was opened at
 * (docs/federation.md "Admin API"): if someone changed it since, the API answers 409, nothing is
 * saved, and the form says so and offers the current settings to start again from.
 */
export function EditUpstreamForm({
  api,
  upstream,
  onClose,
}: {
  api: AdminApi;
  upstream: UpstreamAdminView;
  onClose: () => void;
}) {
  const [base, setBase] = useState(upstream);
  const [draft, setDraft] = useState<Draft>(() => draftOf(upstream));
  const [error, setError] = useState<Error | undefined>(undefined);
  const [newer, setNewer] = useState<UpstreamAdminView | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const path = `/upstreams/${encodeURIComponent(base.name)}`;
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    setNewer(undefined);
    setBusy(true);
    try {
      await api.patch(path, updateBodyOf(draft, base.revision));
      onClose();
    } catch (failure) {
      const current = await changedSince(api, path, base.revision, failure);
      if (current === undefined) setError(asError(failure));
      else setNewer(current);
    } finally {
      setBusy(false);
    }
  };
  const startAgain = (current: UpstreamAdminView) => {
    setBase(current);
    setDraft(draftOf(current));
    setNewer(undefined);
  };
  return (
    <section class="panel" aria-labelledby="edit-upstream-title">
      <h2 id="edit-upstream-title">
        Edit upstream <code>{base.name}</code> (revision {base.revision})
      </h2>
      <form class="policy" onSubmit={(event) => void submit(event)}>
        <label class="check">
          <input
            type="checkbox"
            checked={draft.enabled}
            onChange={(event) => setDraft({ ...draft, enabled: event.currentTarget.checked })}
          />{' '}
          Enabled
        </label>
        <UpstreamFields state={{ draft, setDraft }} stored={base} />
        <span class="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Saving…' : `Save ${base.name}`}
          </button>
          <button type="button" onClick={onClose}>
            Cancel editing
          </button>
        </span>
      </form>
      {newer === undefined ? null : (
        <div class="notice error" role="alert">
          <p>
            <strong>409: </strong>
            {newer.name} was changed by {newer.updatedBy} since you opened it (revision{' '}
            {base.revision}, now {newer.revision}): nothing was saved.
          </p>
          <button type="button" onClick={() => startAgain(newer)}>
            Start again from revision {newer.revision}
          </button>
        </div>
      )}
      {error === undefined ? null : <ErrorNotice error={error} />}
    </section>
  );
}

/** The upstream as it is now when `failure` is the 409 of a stale revision, else `undefined`. */
async function changedSince(
  api: AdminApi,
  path: string,
  revision: number,
  failure: unknown,
): Promise<UpstreamAdminView | undefined> {
  if (!(failure instanceof ApiError) || failure.status !== 409) return undefined;
  try {
    const current = await api.get<UpstreamAdminView>(path);
    return current.revision === revision ? undefined : current;
  } catch {
    return undefined;
  }
}
