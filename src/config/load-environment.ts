import { type AppConfig, loadConfig } from './app-config.js';
import { InvalidConfigError } from './env-reader.js';

/**
 * Entry points call this: the process environment is read here and nowhere else. A bad value
 * prints every problem and exits with status 78 (EX_CONFIG) instead of a stack trace.
 */
export function loadConfigFromEnvironment(): AppConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof InvalidConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
}
