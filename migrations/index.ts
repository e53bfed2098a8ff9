import { CreateToolVersions1795615400000 } from './1795615400000-CreateToolVersions.js';
import { CreateSessions1795615460000 } from './1795615460000-CreateSessions.js';
import { CreateAuditLog1795615520000 } from './1795615520000-CreateAuditLog.js';
import { CreateServerSecrets1795615600000 } from './1795615600000-CreateServerSecrets.js';
import { CreateToolPolicies1795615700000 } from './1795615700000-CreateToolPolicies.js';
import { ChainAuditLog1795615760000 } from './1795615760000-ChainAuditLog.js';
import { CreateStreamEvents1795616000000 } from './1795616000000-CreateStreamEvents.js';
import { CreateTasks1795616060000 } from './1795616060000-CreateTasks.js';
import { AddToolClientVersionPins1795616120000 } from './1795616120000-AddToolClientVersionPins.js';
import { CreateCapabilityPolicies1795616300000 } from './1795616300000-CreateCapabilityPolicies.js';
import { CreatePromptVersions1795616330000 } from './1795616330000-CreatePromptVersions.js';
import { CreateAuditAppendFunction1795616400000 } from './1795616400000-CreateAuditAppendFunction.js';
import { LeanAuditLogIndexes1795616460000 } from './1795616460000-LeanAuditLogIndexes.js';
import { AddTaskLeases1795616520000 } from './1795616520000-AddTaskLeases.js';
import { CreateKnowledgeBase1795616600000 } from './1795616600000-CreateKnowledgeBase.js';
import { CreateToolCallResults1795617000000 } from './1795617000000-CreateToolCallResults.js';
import { CreateCallApprovals1795617060000 } from './1795617060000-CreateCallApprovals.js';
import { AddToolCallApproval1795617120000 } from './1795617120000-AddToolCallApproval.js';
import { PartitionAuditLog1795617180000 } from './1795617180000-PartitionAuditLog.js';
import { CreateSkillVersions1795617240000 } from './1795617240000-CreateSkillVersions.js';
import { CreateUpstreamServers1795617250000 } from './1795617250000-CreateUpstreamServers.js';
import { AddOneRowToolAudit1795617270000 } from './1795617270000-AddOneRowToolAudit.js';
import { AddPromptVersionApproval1795617300000 } from './1795617300000-AddPromptVersionApproval.js';
import { AuditAppendFromTails1795617360000 } from './1795617360000-AuditAppendFromTails.js';

/**
 * Every migration, oldest first. Listed rather than globbed: the same list then works from
 * the compiled `dist/` (npm run migrate) and from TypeScript sources under Vitest, where
 * TypeORM's own `import()` of a `.ts` glob would bypass the test transformer.
 */
export const MIGRATIONS = [
  CreateToolVersions1795615400000,
  CreateSessions1795615460000,
  CreateAuditLog1795615520000,
  CreateServerSecrets1795615600000,
  CreateToolPolicies1795615700000,
  ChainAuditLog1795615760000,
  CreateStreamEvents1795616000000,
  CreateTasks1795616060000,
  AddToolClientVersionPins1795616120000,
  CreateCapabilityPolicies1795616300000,
  CreatePromptVersions1795616330000,
  CreateAuditAppendFunction1795616400000,
  LeanAuditLogIndexes1795616460000,
  AddTaskLeases1795616520000,
  CreateKnowledgeBase1795616600000,
  CreateToolCallResults1795617000000,
  CreateCallApprovals1795617060000,
  AddToolCallApproval1795617120000,
  PartitionAuditLog1795617180000,
  CreateSkillVersions1795617240000,
  CreateUpstreamServers1795617250000,
  AddOneRowToolAudit1795617270000,
  AddPromptVersionApproval1795617300000,
  AuditAppendFromTails1795617360000,
];
