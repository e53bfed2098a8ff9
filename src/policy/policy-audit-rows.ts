import { Injectable } from '@nestjs/common';

import { AuditRowsSource } from './audit-rows.source.js';
import type { ToolAuditRows } from './tool-policy.js';
import { ToolPolicyCache } from './tool-policy.cache.js';

/** The `audit_rows` of `tool_policies`, served from memory (ToolPolicyCache). */
@Injectable()
export class PolicyAuditRows extends AuditRowsSource {
  constructor(private readonly policies: ToolPolicyCache) {
    super();
  }

  auditRowsFor(toolName: string): ToolAuditRows | undefined {
    return this.policies.auditRowsFor(toolName);
  }
}
