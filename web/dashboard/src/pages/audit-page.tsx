import { useState } from 'preact/hooks';

import type {
  AuditChainReport,
  AuditPage as AuditPageBody,
  AuditRecord,
} from '../api/admin-api.generated.js';
import { type AdminApi, queryOf } from '../api/client.js';
import { Empty, ErrorNotice, Loading } from '../ui/states.js';
import { asError, useResource } from '../ui/use-resource.js';
import { AuditFilters, type AuditFilter } from './audit-filters.js';

const PAGE_SIZE = 50;

/** The audit log: filter, page through, open one record, verify the hash chain. */
export function AuditPage({ api }: { api: AdminApi }) {
  const [filter, setFilter] = useState<AuditFilter>({});
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [page] = useResource(
    () => api.get<AuditPageBody>(`/audit${queryOf({ ...filter, cursor, limit: PAGE_SIZE })}`),
    [api, filter, cursor],
  );
  const [opened, setOpened] = useState<AuditRecord | undefined>(undefined);
  const [report, setReport] = useState<AuditChainReport | Error | undefined>(undefined);
  const verify = async () => {
    setReport(undefined);
    try {
      setReport(await api.get<AuditChainReport>('/audit/verify'));
    } catch (failure) {
      setReport(asError(failure));
    }
  };
  return (
    <>
      <AuditFilters
        onApply={(next) => {
          setFilter(next);
          setCursor(undefined);
          setOpened(undefined);
        }}
      />
      <div class="toolbar">
        <button type="button" onClick={() => void verify()}>
          Verify chain
        </button>
        <button
          type="button"
          onClick={() =>
            void exportRecords(api, filter).catch((f: unknown) => setReport(asError(f)))
          }
        >
          Export as JSON lines
        </button>
        {cursor === undefined ? null : (
          <button type="button" onClick={() => setCursor(undefined)}>
            Newest
          </button>
        )}
      </div>
      <ChainReport report={report} />
      {page.state === 'loading' ? <Loading what="audit records" /> : null}
      {page.state === 'failed' ? <ErrorNotice error={page.error} /> : null}
      {page.state === 'ready' ? (
        page.value.records.length === 0 ? (
          <Empty>No audit record matches.</Empty>
        ) : (
          <>
            <RecordsTable records={page.value.records} onOpen={setOpened} />
            {page.value.nextCursor === undefined ? null : (
              <button type="button" onClick={() => setCursor(page.value.nextCursor)}>
                Older records
              </button>
            )}
          </>
        )
      ) : null}
      {opened === undefined ? null : (
        <section class="panel" aria-labelledby="record-title">
          <h2 id="record-title">Record {opened.id}</h2>
          <pre>{JSON.stringify(opened, null, 2)}</pre>
        </section>
      )}
    </>
  );
}

/** Saves the matching records (GET /admin/api/audit/export) as `audit-log.jsonl`. */
async function exportRecords(api: AdminApi, filter: AuditFilter): Promise<void> {
  const blob = await api.download(`/audit/export${queryOf({ ...filter })}`);
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = 'audit-log.jsonl';
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 0);
}

function ChainReport({ report }: { report: AuditChainReport | Error | undefined }) {
  if (report === undefined) return null;
  if (report instanceof Error) return <ErrorNotice error={report} />;
  return (
    <p role="status" class={report.ok ? 'notice ok' : 'notice error'}>
      {report.ok
        ? `Chain intact: ${report.checkedRows} rows checked`
        : `Chain broken at row ${report.firstBroken?.id ?? '?'} (${report.firstBroken?.reason ?? 'unknown'})`}
      {report.unchainedRows > 0 ? `, ${report.unchainedRows} rows before the chain` : ''}.
    </p>
  );
}

function RecordsTable({
  records,
  onOpen,
}: {
  records: readonly AuditRecord[];
  onOpen: (record: AuditRecord) => void;
}) {
  return (
    <div class="table-wrap">
      <table>
        <caption>{records.length} records, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Event</th>
            <th scope="col">Principal</th>
            <th scope="col">Client</th>
            <th scope="col">Tool or target</th>
            <th scope="col">Outcome</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {records.map((record) => (
            <tr key={record.id}>
              <td>
                <time dateTime={record.occurredAt}>
                  {new Date(record.occurredAt).toLocaleString()}
                </time>
              </td>
              <td>{record.event}</td>
              <td>{record.subject ?? '—'}</td>
              <td>{record.clientId ?? '—'}</td>
              <td>{record.toolName ?? record.target ?? '—'}</td>
              <td>{record.result?.outcome ?? record.outcome ?? record.action ?? '—'}</td>
              <td>
                <button type="button" class="link" onClick={() => onOpen(record)}>
                  Open record {record.id}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
