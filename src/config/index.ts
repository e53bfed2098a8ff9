export * from './app-config.js';
export * from './config.constants.js';
export * from './config.module.js';
export * from './dotenv.js';
export * from './env-reader.js';
export * from './load-environment.js';
export * from './module-settings.js';
export * from './settings.module.js';
