import type { UpstreamAdminView } from '../../api/admin-api.generated.js';
import { FILE_MANAGED_REASON, fileManagedMarkId, isFileManaged } from './file-managed.js';

export interface UpstreamActionHandlers {
  readonly onInspect: () => void;
  readonly onEdit: () => void;
  readonly onAskDelete: () => void;
  readonly onConfirmDelete: () => void;
  readonly onCancelDelete: () => void;
}

/**
 * Inspect, edit and delete (after a confirmation). A file-managed upstream's edit and delete are
 * disabled, their reason their tooltip and description, rather than refused with 409 once tried.
 */
export function UpstreamActions({
  upstream,
  confirming,
  handlers,
}: {
  upstream: UpstreamAdminView;
  confirming: boolean;
  handlers: UpstreamActionHandlers;
}) {
  const { name } = upstream;
  const readOnly = isFileManaged(upstream);
  const locked = readOnly
    ? {
        disabled: true,
        title: FILE_MANAGED_REASON,
        'aria-describedby': fileManagedMarkId(upstream),
      }
    : {};
  return (
    <span class="actions">
      <button type="button" onClick={handlers.onInspect}>
        Inspect {name}
      </button>
      <button type="button" onClick={handlers.onEdit} {...locked}>
        Edit {name}
      </button>
      {confirming && !readOnly ? (
        <>
          <button type="button" class="danger" onClick={handlers.onConfirmDelete}>
            Confirm delete {name}
          </button>
          <button type="button" onClick={handlers.onCancelDelete}>
            Cancel
          </button>
        </>
      ) : (
        <button type="button" onClick={handlers.onAskDelete} {...locked}>
          Delete {name}
        </button>
      )}
    </span>
  );
}
