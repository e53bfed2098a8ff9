import { hostname } from 'node:os';

import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';

import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.constants.js';
import { Readiness } from '../../health/readiness.js';
import { readPoolStats } from '../../metrics/pool-stats.js';
import { MetricsWindow } from '../../metrics/window/metrics-window.service.js';
import { ref } from '../http/response-schema.js';
import type { OverviewReport, RecentToolCalls } from './overview.view.js';

/**
 * Live figures of this instance for the dashboard's Overview and Tools pages, from the
 * prom-client registry's rolling windows ({@link MetricsWindow}) and the readiness checks:
 * nothing here reads the audit log, and the tools/call path does no extra work for it. Each
 * instance answers for itself; Prometheus (`GET /metrics`) sums instances.
 */
@ApiTags('overview')
@Controller('admin/api')
export class AdminOverviewController {
  constructor(
    private readonly window: MetricsWindow,
    private readonly readiness: Readiness,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('overview')
  @ApiOperation({
    summary:
      'Readiness, database status and the last five minutes of calls per second, error rate, ' +
      'p95 latency (overall and per tool) and active sessions, in 5-second steps',
  })
  @ApiOkResponse({ schema: ref('OverviewReport') })
  async overview(): Promise<OverviewReport> {
    const pool = readPoolStats(this.dataSource);
    return {
      instance: `${hostname()} (pid ${process.pid})`,
      generatedAt: new Date().toISOString(),
      readiness: await this.readiness.report(),
      database: {
        engine: this.config.database.url === undefined ? 'pglite' : 'postgres',
        poolInUse: pool?.inUse ?? null,
        poolWaiting: pool?.waiting ?? null,
      },
      live: this.window.live(),
    };
  }

  /** A path of its own: under `/admin/api/tools/…` it would shadow a tool of the same name. */
  @Get('tool-calls')
  @ApiTags('tools')
  @ApiOperation({
    summary:
      'Calls, errors and p95 latency of each tool over the last hour (or since this instance ' +
      'started), from its metrics',
  })
  @ApiOkResponse({ schema: ref('RecentToolCalls') })
  async recent(): Promise<RecentToolCalls> {
    return { windowMinutes: 60, ...(await this.window.lastHour()) };
  }
}
