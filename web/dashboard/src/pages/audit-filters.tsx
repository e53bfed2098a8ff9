import { useState } from 'preact/hooks';

/** The audit search's filters (GET /admin/api/audit query); blank fields filter nothing. */
export interface AuditFilter {
  readonly subject?: string;
  readonly clientId?: string;
  readonly tool?: string;
  readonly outcome?: string;
  readonly from?: string;
  readonly to?: string;
}

const OUTCOMES = [
  'success',
  'tool_error',
  'invalid_arguments',
  'cancelled',
  'timeout',
  'internal_error',
  'approval_pending',
  'approval_declined',
];

function isoOf(local: string): string | undefined {
  return local === '' ? undefined : new Date(local).toISOString();
}

export function AuditFilters({ onApply }: { onApply: (filter: AuditFilter) => void }) {
  const [subject, setSubject] = useState('');
  const [clientId, setClientId] = useState('');
  const [tool, setTool] = useState('');
  const [outcome, setOutcome] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const text = (value: string) => (value.trim() === '' ? undefined : value.trim());
  return (
    <form
      class="filters"
      aria-label="Audit filters"
      onSubmit={(event) => {
        event.preventDefault();
        onApply({
          subject: text(subject),
          clientId: text(clientId),
          tool: text(tool),
          outcome: text(outcome),
          from: isoOf(from),
          to: isoOf(to),
        });
      }}
    >
      <label>
        Principal <input value={subject} onInput={(e) => setSubject(e.currentTarget.value)} />
      </label>
      <label>
        Client <input value={clientId} onInput={(e) => setClientId(e.currentTarget.value)} />
      </label>
      <label>
        Tool <input value={tool} onInput={(e) => setTool(e.currentTarget.value)} />
      </label>
      <label>
        Outcome
        <select value={outcome} onChange={(e) => setOutcome(e.currentTarget.value)}>
          <option value="">any</option>
          {OUTCOMES.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label>
        From{' '}
        <input type="datetime-local" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
      </label>
      <label>
        To <input type="datetime-local" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
      </label>
      <button type="submit">Filter</button>
    </form>
  );
}
