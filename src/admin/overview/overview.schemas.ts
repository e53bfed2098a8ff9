import {
  BOOLEAN,
  DATE_TIME,
  INTEGER,
  listOf,
  NUMBER,
  nullable,
  objectOf,
  oneOf,
  ref,
  type Schema,
  STRING,
} from '../http/response-schema.js';

/** Calls, errors and p95 latency (src/metrics/window/call-figures.ts). */
const CALL_FIGURES = { calls: INTEGER, errors: INTEGER, p95Ms: nullable(NUMBER) };

/** The response schemas of src/admin/overview (OverviewReport, RecentToolCalls). */
export const OVERVIEW_SCHEMAS: Record<string, Schema> = {
  ReadinessCheckResult: objectOf({
    name: STRING,
    up: BOOLEAN,
    message: nullable(STRING),
    responseTimeMs: nullable(INTEGER),
  }),
  ReadinessReport: objectOf({ ready: BOOLEAN, checks: listOf(ref('ReadinessCheckResult')) }),
  DatabaseStatus: objectOf({
    engine: oneOf('pglite', 'postgres'),
    poolInUse: nullable(INTEGER),
    poolWaiting: nullable(INTEGER),
  }),
  LivePoint: objectOf({ at: DATE_TIME, activeSessions: INTEGER, ...CALL_FIGURES }),
  LiveTool: objectOf({
    name: STRING,
    ...CALL_FIGURES,
    p95Series: listOf(nullable(NUMBER)),
  }),
  LiveFigures: objectOf({
    stepSeconds: INTEGER,
    points: listOf(ref('LivePoint')),
    tools: listOf(ref('LiveTool')),
  }),
  OverviewReport: objectOf({
    instance: STRING,
    generatedAt: DATE_TIME,
    readiness: ref('ReadinessReport'),
    database: ref('DatabaseStatus'),
    live: ref('LiveFigures'),
  }),
  RecentToolCalls: objectOf({
    windowMinutes: INTEGER,
    coveredSeconds: INTEGER,
    tools: listOf(objectOf({ name: STRING, ...CALL_FIGURES })),
  }),
};
