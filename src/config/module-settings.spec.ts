import 'reflect-metadata';

import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { describe, expect, it } from 'vitest';

import { loadConfig } from './app-config.js';
import { ConfigModule } from './config.module.js';
import { InvalidConfigError } from './env-reader.js';
import { defineSettings } from './module-settings.js';
import { SettingsModule } from './settings.module.js';

class ReportSettings extends defineSettings('REPORTS_', (read) => ({
  maxRows: read.integer('MAX_ROWS', 500, 1, 10_000),
  format: read.oneOf('FORMAT', ['csv', 'json'] as const, 'csv'),
  archiveUrl: read.url('ARCHIVE_URL', ['https:']),
})) {}

@Injectable()
class ReportTools {
  constructor(readonly settings: ReportSettings) {}
}

// Declared when the file loads, as a module file's metadata is.
@Module({ imports: [SettingsModule.forFeature(ReportSettings)], providers: [ReportTools] })
class ReportsModule {}

function problemsOf(load: () => unknown): readonly string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof InvalidConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe(defineSettings.name, () => {
  it('should read the defaults into an instance of the module class', () => {
    const settings = loadConfig({}).modules.get(ReportSettings);
    expect(settings).toBeInstanceOf(ReportSettings);
    expect(settings).toEqual({ maxRows: 500, format: 'csv', archiveUrl: undefined });
    expect(Object.isFrozen(settings)).toBe(true);
  });

  it('should read only the variables under its prefix', () => {
    const env = { MAX_ROWS: '3', REPORTS_FORMAT: 'json', REPORTS_ARCHIVE_URL: 'https://a.example' };
    expect(loadConfig(env).modules.get(ReportSettings)).toEqual({
      maxRows: 500,
      format: 'json',
      archiveUrl: 'https://a.example',
    });
  });

  it("should list every bad variable of the modules with the core's, by full name", () => {
    const env = { PORT: 'eighty', REPORTS_MAX_ROWS: '0', REPORTS_ARCHIVE_URL: 'http://a.example' };
    expect(problemsOf(() => loadConfig(env))).toEqual([
      'PORT must be an integer between 0 and 65535, got "eighty"',
      'REPORTS_MAX_ROWS must be an integer between 1 and 10000, got "0"',
      'REPORTS_ARCHIVE_URL must use https:, got "http:"',
    ]);
  });

  it('should read a class declared after the configuration was loaded when it is asked for', () => {
    const config = loadConfig({ LATE_LEVEL: '7' });
    class LateSettings extends defineSettings('LATE_', (read) => ({
      level: read.integer('LEVEL', 1, 1, 5),
    })) {}
    expect(problemsOf(() => config.modules.get(LateSettings))).toEqual([
      'LATE_LEVEL must be an integer between 1 and 5, got "7"',
    ]);
  });

  it('should refuse a prefix that is not an upper-case name ending with _', () => {
    expect(() => defineSettings('kb', () => ({}))).toThrow(
      'settings prefix "kb" must be upper-case letters and digits ending with _',
    );
  });

  it('should inject the settings by class into the providers of the module', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(loadConfig({ REPORTS_MAX_ROWS: '42' })), ReportsModule],
    }).compile();
    expect(moduleRef.get(ReportTools).settings).toMatchObject({ maxRows: 42 });
    expect(moduleRef.get(ReportTools).settings).toBeInstanceOf(ReportSettings);
  });
});
