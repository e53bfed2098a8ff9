// Type-level only (npm run typecheck): each view the admin API returns is assignable to the type
// generated from the schema its operations name (src/admin/http/response-schema.ts), so a view
// that gains, drops or changes a field fails the type check until its schema says the same.
import type { ApprovalAdminView } from '../../src/admin/approvals/approval-admin.view.js';
import type { CapabilityAdminView } from '../../src/admin/capabilities/capability-admin.view.js';
import type { OverviewReport, RecentToolCalls } from '../../src/admin/overview/overview.view.js';
import type { SessionAdminView } from '../../src/admin/sessions/session-admin.service.js';
import type { SkillAdminList, SkillAdminView } from '../../src/admin/skills/skill-admin.view.js';
import type { ToolCallStats } from '../../src/admin/tools/tool-call-stats.query.js';
import type { ToolAdminView } from '../../src/admin/tools/tool-admin.view.js';
import type { ToolDefinitionView } from '../../src/admin/tools/tool-definition.view.js';
import type { UpstreamAdminView } from '../../src/admin/upstreams/upstream-admin.view.js';
import type { AuditChainReport } from '../../src/audit/audit-chain.verifier.js';
import type { AuditRecord } from '../../src/audit/audit-log.query.js';
import type * as Api from '../../web/dashboard/src/api/admin-api.generated.js';

/** Compiles only when `View` is assignable to `Schema` and back (no field more, none less). */
type Same<View extends Schema, Schema extends Exact, Exact = View> = [View, Schema];

export type ViewsMatchTheirSchemas = [
  Same<ToolAdminView, Api.ToolAdminView>,
  Same<ToolAdminView & { stats: ToolCallStats }, Api.ToolDetail>,
  Same<{ readonly tools: readonly ToolAdminView[] }, Api.ToolList>,
  Same<ToolDefinitionView, Api.ToolDefinitionView>,
  Same<RecentToolCalls, Api.RecentToolCalls>,
  Same<OverviewReport, Api.OverviewReport>,
  Same<CapabilityAdminView, Api.CapabilityAdminView>,
  Same<{ readonly prompts: readonly CapabilityAdminView[] }, Api.PromptList>,
  Same<{ readonly resources: readonly CapabilityAdminView[] }, Api.ResourceList>,
  Same<ApprovalAdminView, Api.ApprovalAdminView>,
  Same<
    { readonly approvals: readonly ApprovalAdminView[]; readonly nextCursor?: string },
    Api.ApprovalPage
  >,
  Same<SessionAdminView, Api.SessionAdminView>,
  Same<
    { readonly sessions: readonly SessionAdminView[]; readonly nextCursor?: string },
    Api.SessionPage
  >,
  Same<AuditRecord, Api.AuditRecord>,
  Same<{ readonly records: readonly AuditRecord[]; readonly nextCursor?: string }, Api.AuditPage>,
  Same<AuditChainReport, Api.AuditChainReport>,
  Same<SkillAdminView, Api.SkillAdminView>,
  Same<SkillAdminList, Api.SkillList>,
  Same<UpstreamAdminView, Api.UpstreamAdminView>,
  Same<{ readonly upstreams: readonly UpstreamAdminView[] }, Api.UpstreamList>,
];
