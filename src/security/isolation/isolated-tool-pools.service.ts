import { Injectable, type OnApplicationShutdown } from '@nestjs/common';

import type { McpToolIsolation } from '../../protocol/capabilities/capability.types.js';
import { ISOLATION_DEFAULTS } from './isolation.defaults.js';
import { WorkerPool } from './worker-pool.js';

/**
 * Creates the worker pool of each isolated tool at boot (`@McpTool({ isolation })`) and ends
 * them all on shutdown. Threads start on a tool's first call, not at boot.
 */
@Injectable()
export class IsolatedToolPools implements OnApplicationShutdown {
  private readonly pools: WorkerPool[] = [];

  create(isolation: McpToolIsolation, defaultExport: string): WorkerPool {
    const pool = new WorkerPool({
      moduleUrl: isolation.worker,
      exportName: isolation.export ?? defaultExport,
      size: isolation.poolSize ?? ISOLATION_DEFAULTS.poolSize,
      limits: {
        maxOldGenerationSizeMb: isolation.maxMemoryMb ?? ISOLATION_DEFAULTS.maxMemoryMb,
        maxYoungGenerationSizeMb: ISOLATION_DEFAULTS.maxYoungGenerationSizeMb,
        stackSizeMb: ISOLATION_DEFAULTS.stackSizeMb,
      },
    });
    this.pools.push(pool);
    return pool;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.pools.splice(0).map((pool) => pool.close()));
  }
}
