import { type DynamicModule, Module, type Provider } from '@nestjs/common';

import type { AppConfig } from './app-config.js';
import { APP_CONFIG } from './config.constants.js';
import { type AnySettingsClass, declareSettings } from './module-settings.js';

/**
 * Gives a feature module its own settings (see `defineSettings`), injectable by class:
 * `imports: [SettingsModule.forFeature(KbSettings)]`, then `constructor(settings: KbSettings)`.
 * The values come from the validated configuration (`AppConfig.modules`) that
 * `ConfigModule.forRoot` provides.
 */
@Module({})
export class SettingsModule {
  static forFeature(...settings: AnySettingsClass[]): DynamicModule {
    const providers = settings.map((declared): Provider => {
      declareSettings(declared);
      return {
        provide: declared,
        useFactory: (config: AppConfig) => config.modules.get(declared),
        inject: [APP_CONFIG],
      };
    });
    return { module: SettingsModule, providers, exports: settings };
  }
}
