import { useState } from 'preact/hooks';

import type { ToolAdminView, ToolVersionView } from '../../api/admin-api.generated.js';
import type { AdminApi } from '../../api/client.js';
import { shortHash } from '../../ui/format.js';
import { ErrorNotice } from '../../ui/states.js';
import { asError } from '../../ui/use-resource.js';

/** The tool's versions: approve or reject a pending one, roll back to an earlier approved one. */
export function VersionHistory({
  api,
  tool,
  onDecided,
}: {
  api: AdminApi;
  tool: ToolAdminView;
  onDecided: () => void;
}) {
  const [error, setError] = useState<Error | undefined>(undefined);
  const base = `/tools/${encodeURIComponent(tool.name)}`;
  const act = async (path: string, body?: unknown) => {
    setError(undefined);
    try {
      await api.post(path, body);
      onDecided();
    } catch (failure) {
      setError(asError(failure));
    }
  };
  const versionPath = (version: ToolVersionView) =>
    `${base}/versions/${encodeURIComponent(version.version)}`;
  return (
    <section aria-labelledby="versions-title">
      <h3 id="versions-title">Versions</h3>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Definition hash</th>
              <th scope="col">Status</th>
              <th scope="col">Served</th>
              <th scope="col">Decided by</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {tool.versions.map((version) => (
              <tr key={`${version.version}-${version.definitionSha256}`}>
                <td>{version.version}</td>
                <td>
                  <code title={version.definitionSha256}>
                    {shortHash(version.definitionSha256)}
                  </code>
                </td>
                <td>{version.status}</td>
                <td>{version.served ? 'yes' : version.declared ? 'no' : 'no longer declared'}</td>
                <td>{version.decidedBy ?? '—'}</td>
                <td class="actions">
                  {version.status === 'pending' ? (
                    <>
                      <button
                        type="button"
                        onClick={() => void act(`${versionPath(version)}/approve`)}
                      >
                        Approve {version.version}
                      </button>
                      <button
                        type="button"
                        onClick={() => void act(`${versionPath(version)}/reject`)}
                      >
                        Reject {version.version}
                      </button>
                    </>
                  ) : null}
                  {version.status === 'approved' && version.declared && !version.served ? (
                    <button
                      type="button"
                      onClick={() =>
                        void act(`${base}/rollback`, {
                          version: version.version,
                          expectedRevision: tool.policy.revision,
                        })
                      }
                    >
                      Serve {version.version}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {error === undefined ? null : <ErrorNotice error={error} />}
    </section>
  );
}
