import { userInfo } from 'node:os';

import { loadOrCreateDevIssuerKey } from '../auth/dev-issuer/dev-issuer-key.store.js';
import { mintDevToken } from '../auth/dev-issuer/dev-token.minter.js';
import { devIssuerUrl } from '../auth/protected-resource/protected-resource-urls.js';
import type {
  ImportFile,
  KbImportReport,
  KbImportRequest,
} from '../capabilities/knowledge-base/import/kb-import.types.js';
import type { AppConfig } from '../config/app-config.js';

/** Room left in a request body for its JSON framing and the last request's extras. */
const BODY_HEADROOM = 0.8;
/** As `MAX_DOCUMENTS_PER_IMPORT` of the admin endpoint's DTO. */
const DOCUMENTS_PER_REQUEST = 1_000;

/**
 * Imports through the server that holds the embedded database (`POST /admin/api/kb/imports`,
 * README "The knowledge base"), as an admin token minted with the development issuer's key
 * the way `npm run token` does: whether that server trusts the issuer is its setting, not this
 * process's, so only its 401 tells. The documents go in requests below `MCP_MAX_BODY_BYTES`; the
 * last one carries the prune list and the records. Reports are summed.
 */
export async function importThroughServer(
  config: AppConfig,
  request: KbImportRequest,
  onProgress: (done: number, total: number) => void,
): Promise<KbImportReport> {
  const token = await adminToken(config);
  const batches = batchesOf(request.documents, config.limits.maxBodyBytes * BODY_HEADROOM);
  const url = `${new URL(config.http.publicUrl).origin}/admin/api/kb/imports`;
  const reports: KbImportReport[] = [];
  let done = 0;
  for (const [index, documents] of batches.entries()) {
    const last = index === batches.length - 1;
    const body = {
      documents,
      paths: request.paths,
      ...(last && request.keepSources !== undefined ? { keepSources: request.keepSources } : {}),
      ...(last && request.records !== undefined ? { records: request.records } : {}),
    };
    reports.push(await post(url, token, body));
    done += documents.length;
    onProgress(done, request.documents.length);
  }
  return sumReports(reports);
}

async function adminToken(config: AppConfig): Promise<string> {
  const key = await loadOrCreateDevIssuerKey(config.database.dataDir);
  const target = {
    issuer: devIssuerUrl(config),
    audience: config.auth.audience,
    tenantClaim: config.auth.tenantClaim,
  };
  return mintDevToken(key, target, {
    subject: `cli:${userInfo().username}`,
    roles: ['admin'],
    scopes: [],
    clientId: 'kb-import',
    tenant: undefined,
    ttlSeconds: 600,
  });
}

async function post(url: string, token: string, body: object): Promise<KbImportReport> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).catch((error: unknown) => {
    throw new Error(
      `another process holds the embedded database and no server answers at ${url} ` +
        `(${error instanceof Error ? error.message : String(error)}): stop that process or ` +
        'start the server with the same settings',
    );
  });
  const answer: unknown = await response.json().catch(() => undefined);
  if (response.status === 401) {
    throw new Error(
      `the server at ${url} holds the embedded database and refused the development ` +
        "issuer's admin token: start it with AUTH_DEV_ISSUER=true so kb:import can import " +
        'through it, or stop it',
    );
  }
  if (!response.ok) {
    throw new Error(
      `the server refused the import (${response.status}): ${JSON.stringify(answer)}`,
    );
  }
  return answer as KbImportReport;
}

/** Documents in order, each batch's JSON below `maxBytes` (a larger file travels alone). */
function batchesOf(documents: readonly ImportFile[], maxBytes: number): ImportFile[][] {
  const batches: ImportFile[][] = [[]];
  let bytes = 0;
  for (const document of documents) {
    const size = Buffer.byteLength(JSON.stringify(document));
    const current = batches.at(-1) as ImportFile[];
    if (
      current.length > 0 &&
      (bytes + size > maxBytes || current.length >= DOCUMENTS_PER_REQUEST)
    ) {
      batches.push([document]);
      bytes = size;
    } else {
      current.push(document);
      bytes += size;
    }
  }
  return batches;
}

function sumReports(reports: readonly KbImportReport[]): KbImportReport {
  const ids = (pick: (report: KbImportReport) => readonly string[]) => reports.flatMap(pick);
  const count = (pick: (report: KbImportReport) => number) =>
    reports.reduce((sum, report) => sum + pick(report), 0);
  return {
    imported: count((r) => r.imported),
    sections: count((r) => r.sections),
    unchanged: count((r) => r.unchanged),
    removed: count((r) => r.removed),
    addedIds: ids((r) => r.addedIds),
    changedIds: ids((r) => r.changedIds),
    removedIds: ids((r) => r.removedIds),
    records: {
      written: count((r) => r.records.written),
      unchanged: count((r) => r.records.unchanged),
    },
    changedRecordIds: ids((r) => r.changedRecordIds),
  };
}
