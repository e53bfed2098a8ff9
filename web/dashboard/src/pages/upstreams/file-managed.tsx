import type { UpstreamAdminView } from '../../api/admin-api.generated.js';

/**
 * Upstreams `MCP_UPSTREAMS_FILE` manages are changed by editing the file: the API answers 409 to
 * anything else (docs/federation.md "GitOps"), so the dashboard offers no change of them.
 */
export const FILE_MANAGED_REASON = 'Managed by MCP_UPSTREAMS_FILE: change the file instead.';

export const isFileManaged = (upstream: UpstreamAdminView): boolean =>
  upstream.managedBy === 'file';

/** The id of an upstream's mark, which its disabled controls name as their description. */
export const fileManagedMarkId = (upstream: UpstreamAdminView): string =>
  `managed-by-file-${upstream.name}`;

/** "managed by file", with the reason as its tooltip; nothing for an API-managed upstream. */
export function FileManagedMark({ upstream, id }: { upstream: UpstreamAdminView; id?: string }) {
  if (!isFileManaged(upstream)) return null;
  return (
    <span class="badge managed" id={id} title={FILE_MANAGED_REASON}>
      managed by file
    </span>
  );
}
