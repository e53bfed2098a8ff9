import { type DynamicModule, Module } from '@nestjs/common';

/**
 * Opt-in marker: a module exposes the `@McpTool`/`@McpResource`/`@McpPrompt`… methods of its
 * own providers by importing `McpCapabilitiesModule.forFeature()`. Nothing else is scanned, so a
 * third-party module (or a transitive import) can never publish capabilities by accident.
 */
@Module({})
export class McpCapabilitiesModule {
  static forFeature(): DynamicModule {
    return { module: McpCapabilitiesModule };
  }
}
