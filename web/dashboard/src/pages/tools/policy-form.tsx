import { useState } from 'preact/hooks';

import type { ToolAdminView, UpdateToolPolicyDto } from '../../api/admin-api.generated.js';
import type { AdminApi } from '../../api/client.js';
import { parseList } from '../../ui/format.js';
import { ErrorNotice } from '../../ui/states.js';
import { asError } from '../../ui/use-resource.js';

type CallApproval = NonNullable<UpdateToolPolicyDto['callApproval']>;
type AuditRows = NonNullable<UpdateToolPolicyDto['auditRows']>;

/** Blank: the server's default (`null`); otherwise the number as typed, for the API to judge. */
function numberOrNull(text: string): number | null {
  return text.trim() === '' ? null : Number(text);
}

/**
 * The operators' policy of one tool; the API validates it, and its field messages are shown
 * as they come. Saved with `expectedRevision`, so a concurrent change is refused, not lost.
 */
export function PolicyForm({
  api,
  tool,
  onSaved,
}: {
  api: AdminApi;
  tool: ToolAdminView;
  onSaved: () => void;
}) {
  const { policy } = tool;
  const [roles, setRoles] = useState((policy.roles ?? []).join(', '));
  const [clients, setClients] = useState((policy.allowedClients ?? []).join(', '));
  const [tenants, setTenants] = useState((policy.allowedTenants ?? []).join(', '));
  const [rateLimit, setRateLimit] = useState(String(policy.rateLimitPerMinute ?? ''));
  const [timeout, setTimeoutMs] = useState(String(policy.timeoutMs ?? ''));
  const [approval, setApproval] = useState<CallApproval | ''>(policy.callApproval ?? '');
  const [auditRows, setAuditRows] = useState<AuditRows | ''>(policy.auditRows ?? '');
  const [error, setError] = useState<Error | undefined>(undefined);
  const [saved, setSaved] = useState(false);

  const save = async () => {
    setError(undefined);
    setSaved(false);
    const changes: UpdateToolPolicyDto = {
      expectedRevision: policy.revision,
      roles: parseList(roles),
      allowedClients: parseList(clients),
      allowedTenants: parseList(tenants),
      rateLimitPerMinute: numberOrNull(rateLimit),
      timeoutMs: numberOrNull(timeout),
      callApproval: approval === '' ? null : approval,
      auditRows: auditRows === '' ? null : auditRows,
    };
    try {
      await api.patch(`/tools/${encodeURIComponent(tool.name)}`, changes);
      setSaved(true);
      onSaved();
    } catch (failure) {
      setError(asError(failure));
    }
  };

  return (
    <form
      class="policy"
      aria-labelledby="policy-title"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h3 id="policy-title">Policy (revision {policy.revision})</h3>
      <Field
        id="policy-roles"
        label="Roles (comma-separated; blank: no policy roles)"
        value={roles}
        onInput={setRoles}
      />
      <Field
        id="policy-clients"
        label="Allowed clients (blank: any)"
        value={clients}
        onInput={setClients}
      />
      <Field
        id="policy-tenants"
        label="Allowed tenants (blank: any)"
        value={tenants}
        onInput={setTenants}
      />
      <Field
        id="policy-rate"
        label="Rate limit per minute (blank: server default)"
        value={rateLimit}
        onInput={setRateLimit}
        inputMode="numeric"
      />
      <Field
        id="policy-timeout"
        label="Timeout in ms (blank: declared or server default)"
        value={timeout}
        onInput={setTimeoutMs}
        inputMode="numeric"
      />
      <label for="policy-approval">Call approval</label>
      <select
        id="policy-approval"
        value={approval}
        onChange={(event) => setApproval(event.currentTarget.value as CallApproval | '')}
      >
        <option value="">as declared ({tool.declared?.callApproval ?? 'none'})</option>
        <option value="auto">none (auto)</option>
        <option value="user">the user confirms</option>
        <option value="approver">an approver decides</option>
      </select>
      <label for="policy-audit-rows">Audit rows per call</label>
      <select
        id="policy-audit-rows"
        value={auditRows}
        onChange={(event) => setAuditRows(event.currentTarget.value as AuditRows | '')}
      >
        <option value="">as declared ({tool.declared?.auditRows ?? 'two'})</option>
        <option value="two">two: started before it runs, then the outcome</option>
        <option value="one">one: after it ran, before its result leaves</option>
      </select>
      <button type="submit">Save policy</button>
      {saved ? (
        <p role="status" class="notice ok">
          Policy saved.
        </p>
      ) : null}
      {error === undefined ? null : <ErrorNotice error={error} />}
    </form>
  );
}

function Field({
  id,
  label,
  value,
  onInput,
  inputMode,
}: {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  inputMode?: 'numeric';
}) {
  return (
    <>
      <label for={id}>{label}</label>
      <input
        id={id}
        value={value}
        inputMode={inputMode}
        onInput={(event) => onInput(event.currentTarget.value)}
      />
    </>
  );
}
