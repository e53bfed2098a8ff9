import { defineSettings } from '../../config/index.js';

/** Audit archive (docs/data-lifecycle.md "Archive"), from the `MCP_AUDIT_*` variables. */
export class AuditArchiveSettings extends defineSettings('MCP_', (read) => ({
  /**
   * `MCP_AUDIT_RETENTION_MONTHS`: whole months of `audit_log` kept in the database besides the
   * current one; `npm run audit:archive` archives and drops older partitions. 12 by default.
   */
  retentionMonths: read.integer('AUDIT_RETENTION_MONTHS', 12, 1, 1_200),
  /** `MCP_AUDIT_ARCHIVE_DIR`: where archives go; default `<MCP_DATA_DIR>/audit-archive`. */
  archiveDir: read.string('AUDIT_ARCHIVE_DIR'),
  /**
   * `MCP_AUDIT_ARCHIVE_KEY_FILE`: the Ed25519 private key (PKCS#8 PEM, mode 0600) that signs
   * checkpoints, created on first use; default `<MCP_DATA_DIR>/audit-archive-key/ed25519.pem`.
   */
  keyFile: read.string('AUDIT_ARCHIVE_KEY_FILE'),
})) {}
