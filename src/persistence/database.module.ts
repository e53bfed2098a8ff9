import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.constants.js';
import { DatabaseCloser } from './database-closer.service.js';
import { DATABASE_INFO, DATABASE_SERVER, type DatabaseInfo } from './database.constants.js';
import type { DatabaseServer } from './database-server.js';
import { DatabaseServerModule } from './database-server.module.js';
import { buildDataSourceOptions } from './typeorm-options.js';

/**
 * The app's TypeORM `DataSource` (`@nestjs/typeorm`), on the configured database or the embedded
 * PGlite started first. Its entities are those the feature modules register with
 * `TypeOrmModule.forFeature` (`autoLoadEntities`); this module names none. It never migrates
 * (`npm run migrate` does) and never retries a failed connection: the process exits and its
 * supervisor restarts it. The DatabaseCloser orders the shutdown.
 */
@Global()
@Module({
  imports: [
    DatabaseServerModule,
    TypeOrmModule.forRootAsync({
      imports: [DatabaseServerModule],
      inject: [APP_CONFIG, DATABASE_SERVER],
      useFactory: (config: AppConfig, server: DatabaseServer) => ({
        ...buildDataSourceOptions(config.database, server.connection),
        autoLoadEntities: true,
        toRetry: () => false,
      }),
    }),
  ],
  providers: [
    {
      provide: DATABASE_INFO,
      inject: [APP_CONFIG, DATABASE_SERVER],
      useFactory: (config: AppConfig, server: DatabaseServer): DatabaseInfo => ({
        embedded: server.connection.embedded,
        schema: config.database.schema,
      }),
    },
    DatabaseCloser,
  ],
  exports: [DATABASE_INFO, DatabaseCloser],
})
export class DatabaseModule {}
