import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  Injectable,
  Logger,
  UseFilters,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { McpHandlerFactory } from './mcp-handler.factory.js';

@Catch()
class RecoveringFilter implements ExceptionFilter {
  catch(_error: unknown, _host: ArgumentsHost): string {
    return 'recovered';
  }
}

@Injectable()
class FailingTools {
  fail(): never {
    throw new Error('boom');
  }

  @UseFilters(RecoveringFilter)
  failFiltered(): never {
    throw new Error('boom');
  }
}

const SOURCE = { className: 'FailingTools', methodName: 'fail' };

async function handlerFor(methodName: keyof FailingTools) {
  const moduleRef = await Test.createTestingModule({
    providers: [McpHandlerFactory, FailingTools],
  }).compile();
  const factory = moduleRef.get(McpHandlerFactory);
  return factory.create(moduleRef.get(FailingTools), methodName, { ...SOURCE, methodName });
}

describe('McpHandlerFactory', () => {
  afterEach(() => vi.restoreAllMocks());

  it('should let a handler error reach the runner without Nest logging it first', async () => {
    const logged = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const handler = await handlerFor('fail');
    await expect(handler()).rejects.toThrow('boom');
    // The tool-call runner logs it once, with the call's correlation id.
    expect(logged).not.toHaveBeenCalled();
  });

  it('should apply the exception filters a handler declares', async () => {
    const handler = await handlerFor('failFiltered');
    await expect(handler()).resolves.toBe('recovered');
  });
});
