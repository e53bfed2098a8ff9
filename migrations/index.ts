import { CreateToolVersions1795615400000 } from './1795615400000-CreateToolVersions.js';
import { CreateSessions1795615460000 } from './1795615460000-CreateSessions.js';
import { CreateAuditLog1795615520000 } from './1795615520000-CreateAuditLog.js';
import { CreateServerSecrets1795615600000 } from './1795615600000-CreateServerSecrets.js';

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
];
