import { Controller, Get, Inject, NotFoundException, Res } from '@nestjs/common';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import type { Response } from 'express';

import { type AppConfig, APP_CONFIG } from '../config/index.js';

/**
 * `GET /metrics` on the main listener, unless `METRICS_PORT` moves the endpoint to its own
 * port (then this route answers 404, so metrics are not reachable through the public
 * load balancer by accident). The path is set here: `registerAsync` applies its `path`
 * option to the library's default controller only.
 */
@Controller('metrics')
export class MetricsController extends PrometheusController {
  private readonly servedElsewhere: boolean;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super();
    this.servedElsewhere = config.ops.metricsPort !== undefined;
  }

  @Get()
  override index(@Res({ passthrough: true }) response: Response): Promise<string> {
    if (this.servedElsewhere) throw new NotFoundException();
    return super.index(response);
  }
}
