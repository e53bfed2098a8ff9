import { useState } from 'preact/hooks';

import type { ApprovalAdminView, ApprovalPage } from '../api/admin-api.generated.js';
import type { AdminApi } from '../api/client.js';
import { ageOf } from '../ui/format.js';
import { Empty, ErrorNotice, Loaded } from '../ui/states.js';
import { asError, useInterval, useResource } from '../ui/use-resource.js';

const REFRESH_MS = 5000;

/**
 * Calls waiting for a person (docs/approvals.md "Call approvals"): approve, or reject with a
 * reason. The API refuses a decision on one's own call (403); its message is shown as is.
 */
export function ApprovalsPage({ api }: { api: AdminApi }) {
  const [page, reload] = useResource(
    () => api.get<ApprovalPage>('/approvals?status=pending'),
    [api],
  );
  useInterval(reload, REFRESH_MS);
  return (
    <Loaded resource={page} what="the approval queue">
      {({ approvals }) =>
        approvals.length === 0 ? (
          <Empty>No call is waiting for approval.</Empty>
        ) : (
          <ul class="cards" aria-label="Pending calls">
            {approvals.map((approval) => (
              <ApprovalCard key={approval.id} api={api} approval={approval} onDecided={reload} />
            ))}
          </ul>
        )
      }
    </Loaded>
  );
}

function ApprovalCard({
  api,
  approval,
  onDecided,
}: {
  api: AdminApi;
  approval: ApprovalAdminView;
  onDecided: () => void;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<Error | undefined>(undefined);
  const decide = async (verdict: 'approve' | 'reject') => {
    setError(undefined);
    try {
      const body = reason.trim() === '' ? {} : { reason: reason.trim() };
      await api.post(`/approvals/${encodeURIComponent(approval.id)}/${verdict}`, body);
      onDecided();
    } catch (failure) {
      setError(asError(failure));
    }
  };
  const { requester } = approval;
  const reasonId = `reason-${approval.id}`;
  return (
    <li class="card" aria-label={`Call of ${approval.tool} by ${requester.subject}`}>
      <h2>
        {approval.tool} <span class="muted">v{approval.toolVersion}</span>
      </h2>
      <dl>
        <dt>Caller</dt>
        <dd>
          {requester.subject}
          {requester.clientId === null ? '' : ` via ${requester.clientId}`}
          {requester.tenant === null ? '' : ` (tenant ${requester.tenant})`}
        </dd>
        <dt>Asked</dt>
        <dd>
          <time dateTime={approval.createdAt}>{ageOf(approval.createdAt)}</time>, expires{' '}
          <time dateTime={approval.expiresAt}>{new Date(approval.expiresAt).toLocaleString()}</time>
        </dd>
        <dt>Arguments</dt>
        <dd>
          <pre>{JSON.stringify(approval.arguments, null, 2)}</pre>
        </dd>
      </dl>
      <label for={reasonId}>Reason (required to reject)</label>
      <input
        id={reasonId}
        value={reason}
        onInput={(event) => setReason(event.currentTarget.value)}
      />
      <div class="actions">
        <button type="button" onClick={() => void decide('approve')}>
          Approve {approval.tool}
        </button>
        <button type="button" class="danger" onClick={() => void decide('reject')}>
          Reject {approval.tool}
        </button>
      </div>
      {error === undefined ? null : <ErrorNotice error={error} />}
    </li>
  );
}
