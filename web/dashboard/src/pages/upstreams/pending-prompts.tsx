import { useState } from 'preact/hooks';

import type { UpstreamAdminView } from '../../api/admin-api.generated.js';
import type { AdminApi } from '../../api/client.js';
import { shortHash } from '../../ui/format.js';
import { ErrorNotice } from '../../ui/states.js';
import { asError } from '../../ui/use-resource.js';
import { PromptDefinition } from './prompt-definition.js';

type Decision = 'approve' | 'reject';

/**
 * An upstream's prompt definitions waiting for an admin (docs/federation.md "Versions"): one is
 * opened to read it, then approved (served from then on) or rejected with
 * `POST /admin/api/prompts/{name}/versions/{sha256}/approve|reject`; the panel is reloaded after
 * either, refused or not, since a refusal (409) means someone else decided first.
 */
export function PendingPrompts({
  api,
  upstream,
  onDecided,
}: {
  api: AdminApi;
  upstream: UpstreamAdminView;
  onDecided: () => void;
}) {
  const [opened, setOpened] = useState<string | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);
  const { name, pendingPromptDefinitions } = upstream;
  if (pendingPromptDefinitions.length === 0 && error === undefined) return null;
  const decide = async (path: string, decision: Decision) => {
    setError(undefined);
    try {
      await api.post(`${path}/${decision}`);
      setOpened(undefined);
    } catch (failure) {
      setError(asError(failure));
    }
    onDecided();
  };
  return (
    <>
      <h3>Pending prompt definitions</h3>
      {error === undefined ? null : <ErrorNotice error={error} />}
      {pendingPromptDefinitions.length === 0 ? null : (
        <ul aria-label={`Pending prompt definitions of ${name}`}>
          {pendingPromptDefinitions.map(({ prompt, definitionSha256 }) => {
            const path = `/prompts/${encodeURIComponent(prompt)}/versions/${definitionSha256}`;
            const shown = opened === path;
            return (
              <li key={path}>
                <code>{prompt}</code> (<code>{shortHash(definitionSha256)}</code>){' '}
                <button
                  type="button"
                  aria-expanded={shown}
                  onClick={() => setOpened(shown ? undefined : path)}
                >
                  {shown ? 'Close' : 'Review'} {prompt}
                </button>
                {shown ? (
                  <>
                    <PromptDefinition api={api} path={path} />
                    <span class="actions">
                      <button type="button" onClick={() => void decide(path, 'approve')}>
                        Approve {prompt}
                      </button>
                      <button
                        type="button"
                        class="danger"
                        onClick={() => void decide(path, 'reject')}
                      >
                        Reject {prompt}
                      </button>
                    </span>
                  </>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
