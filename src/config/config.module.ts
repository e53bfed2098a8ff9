import { Global, Module } from '@nestjs/common';

import { loadConfig } from './app-config.js';
import { APP_CONFIG } from './config.constants.js';

/**
 * Provides the validated `AppConfig` under `APP_CONFIG`. The environment is read here and
 * nowhere else; tests pass their own map through `ConfigModule.forValues`.
 */
@Global()
@Module({
  providers: [{ provide: APP_CONFIG, useFactory: () => loadConfig(process.env) }],
  exports: [APP_CONFIG],
})
export class ConfigModule {}
