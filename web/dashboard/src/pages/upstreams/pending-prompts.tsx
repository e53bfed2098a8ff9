import type { UpstreamAdminView } from '../../api/admin-api.generated.js';
import { shortHash } from '../../ui/format.js';

/**
 * An upstream's prompt definitions waiting for an admin (docs/federation.md "Versions"): served
 * once approved with `POST /admin/api/prompts/{name}/versions/{sha256}/approve`.
 */
export function PendingPrompts({ upstream }: { upstream: UpstreamAdminView }) {
  const { name, pendingPromptDefinitions } = upstream;
  if (pendingPromptDefinitions.length === 0) return null;
  return (
    <>
      <h3>Pending prompt definitions</h3>
      <ul aria-label={`Pending prompt definitions of ${name}`}>
        {pendingPromptDefinitions.map((pending) => (
          <li key={`${pending.prompt}@${pending.definitionSha256}`}>
            <code>{pending.prompt}</code> (<code>{shortHash(pending.definitionSha256)}</code>)
          </li>
        ))}
      </ul>
    </>
  );
}
