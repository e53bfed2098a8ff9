import type { Logger } from 'nestjs-pino';
import { describe, expect, it } from 'vitest';

import { AppLogger } from './app-logger.js';

/** Records which nestjs-pino method each call reached. */
function recordingPino() {
  const calls: [string, unknown, ...unknown[]][] = [];
  const record =
    (level: string) =>
    (message: unknown, ...params: unknown[]) =>
      calls.push([level, message, ...params]);
  const pino = {
    log: record('log'),
    error: record('error'),
    warn: record('warn'),
    debug: record('debug'),
    verbose: record('verbose'),
    fatal: record('fatal'),
  };
  return { calls, pino: pino as unknown as Logger };
}

describe(AppLogger.name, () => {
  it("should move Nest's wiring lines to debug and keep every other line's level", () => {
    const { calls, pino } = recordingPino();
    const sut = new AppLogger(pino);
    sut.log('AppModule dependencies initialized', 'InstanceLoader');
    sut.log('Mapped {/admin/api/tools, GET} route', 'RouterExplorer');
    sut.log('ToolsController {/admin/api/tools}:', 'RoutesResolver');
    sut.log('serving 4 tools', 'EffectiveToolRegistry');
    sut.warn('careful', 'Bootstrap');
    expect(calls.map(([level, , context]) => [level, context])).toEqual([
      ['debug', 'InstanceLoader'],
      ['debug', 'RouterExplorer'],
      ['debug', 'RoutesResolver'],
      ['log', 'EffectiveToolRegistry'],
      ['warn', 'Bootstrap'],
    ]);
  });

  it('should leave the report of a failed start to the entry point', () => {
    const { calls, pino } = recordingPino();
    const sut = new AppLogger(pino);
    sut.error(new Error('relation "sessions" does not exist'), undefined, 'ExceptionHandler');
    sut.error('stdio message failed', 'stack', 'StdioConnection');
    expect(calls).toEqual([['error', 'stdio message failed', 'stack', 'StdioConnection']]);
  });
});
