import { type DynamicModule, Global, Module } from '@nestjs/common';

import type { AppConfig } from './app-config.js';
import { APP_CONFIG } from './config.constants.js';

/**
 * Provides the validated {@link AppConfig} under `APP_CONFIG`. The config is built once by the
 * entry point (`loadConfigFromEnvironment()`) or by a test (`loadConfig(env)`), and handed in here.
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
