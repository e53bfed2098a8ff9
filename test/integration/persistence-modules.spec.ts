import { randomUUID } from 'node:crypto';

import { Global, Module, type INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { AuditLog } from '../../src/audit/audit-log.js';
import { AuditModule } from '../../src/audit/audit.module.js';
import { loadConfig } from '../../src/config/app-config.js';
import { ConfigModule } from '../../src/config/config.module.js';
import { EventsModule } from '../../src/events/events.module.js';
import type { ToolDefinition } from '../../src/protocol/capabilities/capability.types.js';
import { CapabilityRegistry } from '../../src/protocol/capabilities/capability-registry.js';
import type { RegisteredTool } from '../../src/protocol/capabilities/registered-capability.types.js';
import { DATABASE_INFO } from '../../src/persistence/database.constants.js';
import { DatabaseModule } from '../../src/persistence/database.module.js';
import { openDatabase } from '../../src/persistence/open-database.js';
import { ToolVersionsModule } from '../../src/versions/tool-versions.module.js';
import { SessionRepository } from '../../src/sessions/session.repository.js';
import { SessionsModule } from '../../src/sessions/sessions.module.js';
import {
  createTestDatabase,
  describeEachDatabase,
  type TestDatabase,
} from '../support/database.js';

const TOOL: ToolDefinition = {
  name: `boot-tool-${randomUUID()}`,
  description: 'Recorded at boot',
  inputSchema: { type: 'object' },
  version: '1.0.0',
  definitionSha256: 'e'.repeat(64),
};

/** Only what ToolVersionRecorder reads; the real registry belongs to the discovery module. */
const registry = { allToolVersions: () => [{ definition: TOOL }] as unknown as RegisteredTool[] };

@Global()
@Module({
  providers: [{ provide: CapabilityRegistry, useValue: registry }],
  exports: [CapabilityRegistry],
})
class FakeRegistryModule {}

describeEachDatabase('persistence modules', (tier) => {
  let db: TestDatabase;
  let app: INestApplicationContext;

  beforeAll(async () => {
    db = await createTestDatabase(tier, { open: false });
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(loadConfig(db.env)),
        DatabaseModule,
        EventsModule,
        FakeRegistryModule,
        AuditModule,
        SessionsModule,
        ToolVersionsModule,
      ],
    }).compile();
    app = await moduleRef.init();
  });

  afterAll(async () => {
    await app.close();
    await db.cleanup();
  });

  it('should open the configured database and describe it', () => {
    expect(app.get(DataSource).isInitialized).toBe(true);
    expect(app.get(DATABASE_INFO)).toEqual({
      embedded: tier === 'pglite',
      schema: db.config.schema,
    });
    expect(app.get(SessionRepository)).toBeDefined();
  });

  it('should record the registry tool definitions at bootstrap', async () => {
    const rows = await app
      .get(DataSource)
      .query<{ definition_sha256: string }[]>(
        'SELECT definition_sha256 FROM tool_versions WHERE name = $1',
        [TOOL.name],
      );
    expect(rows).toEqual([{ definition_sha256: TOOL.definitionSha256 }]);
  });

  it('should flush queued audit rows before closing the database on shutdown', async () => {
    const correlationId = randomUUID();
    app.get(AuditLog).recordFinished({ correlationId, outcome: 'success', durationMs: 3 });
    await app.close();
    expect(app.get(DataSource).isInitialized).toBe(false);

    const reopened = await openDatabase(db.config);
    try {
      const rows = await reopened.dataSource.query<{ outcome: string }[]>(
        'SELECT outcome FROM audit_log WHERE correlation_id = $1',
        [correlationId],
      );
      expect(rows).toEqual([{ outcome: 'success' }]);
    } finally {
      await reopened.close();
    }
  });
});
