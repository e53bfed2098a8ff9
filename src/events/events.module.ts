import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.constants.js';
import { ChangeBus } from './change-bus.js';
import { LocalChangeBus } from './local-change.bus.js';
import { PostgresChangeBus } from './postgres-change.bus.js';

/** Provides the {@link ChangeBus}: LISTEN/NOTIFY on Postgres, in-process on the embedded PGlite. */
@Global()
@Module({
  providers: [
    {
      provide: ChangeBus,
      inject: [APP_CONFIG, DataSource],
      useFactory: async (config: AppConfig, dataSource: DataSource): Promise<ChangeBus> => {
        if (config.database.url === undefined) return new LocalChangeBus();
        const bus = new PostgresChangeBus(config, dataSource);
        await bus.listen();
        return bus;
      },
    },
  ],
  exports: [ChangeBus],
})
export class EventsModule {}
