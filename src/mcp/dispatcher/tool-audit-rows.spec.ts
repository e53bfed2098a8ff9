import { describe, expect, it } from 'vitest';

import { fakeTool } from '../../../test/support/mcp-core.fakes.js';
import type { AuditRowsSource } from '../../policy/audit-rows.source.js';
import type { ToolAnnotations } from '../../protocol/capabilities/capability.types.js';
import type { RegisteredTool } from '../../protocol/capabilities/registered-capability.types.js';
import { auditRowsOf, declaredAuditRows } from './tool-audit-rows.js';

const tool = (annotations?: ToolAnnotations): RegisteredTool =>
  fakeTool('lookup', annotations === undefined ? {} : { annotations });

describe(declaredAuditRows.name, () => {
  it('should give one row only to a tool annotated read-only and not destructive', () => {
    expect(declaredAuditRows(tool({ readOnlyHint: true }))).toBe('one');
    expect(declaredAuditRows(tool({ readOnlyHint: true, destructiveHint: false }))).toBe('one');
    expect(declaredAuditRows(tool({ readOnlyHint: true, destructiveHint: true }))).toBe('two');
    expect(declaredAuditRows(tool({ readOnlyHint: false }))).toBe('two');
    expect(declaredAuditRows(tool({ idempotentHint: true }))).toBe('two');
    expect(declaredAuditRows(tool())).toBe('two');
  });

  it("should not take another server's word that a tool is read-only", () => {
    const upstream = { ...tool({ readOnlyHint: true }), annotationsTrusted: false } as const;
    expect(declaredAuditRows(upstream)).toBe('two');
  });
});

describe(auditRowsOf.name, () => {
  const policy = (rows: 'one' | 'two' | undefined): AuditRowsSource => ({
    auditRowsFor: (name) => (name === 'lookup' ? rows : undefined),
  });

  it("should follow the operator's policy over the annotations, either way", () => {
    expect(auditRowsOf(tool({ readOnlyHint: true }), policy('two'))).toBe('two');
    expect(auditRowsOf(tool(), policy('one'))).toBe('one');
    expect(auditRowsOf(tool({ readOnlyHint: true }), policy(undefined))).toBe('one');
    expect(auditRowsOf(tool(), undefined)).toBe('two');
  });
});
