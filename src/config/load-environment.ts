import { type AppConfig, loadConfig } from './app-config.js';
import { withDotEnv } from './dotenv.js';
import { InvalidConfigError } from './env-reader.js';

/**
 * Every entry point (server, stdio, CLIs) calls this: the process environment, over `.env` of
 * the working directory, is read here and nowhere else. Call it after importing the modules:
 * their settings are then declared and validated with the core's. A bad value prints every
 * problem and exits with status 78 (EX_CONFIG) instead of a stack trace.
 */
export function loadConfigFromEnvironment(): AppConfig {
  try {
    return loadConfig(withDotEnv(process.env, process.cwd()));
  } catch (error) {
    if (error instanceof InvalidConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
}
