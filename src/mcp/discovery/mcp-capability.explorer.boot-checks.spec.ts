import 'reflect-metadata';

import { Injectable, Logger, Module, Scope, type Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IsString, ValidateNested } from 'class-validator';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { CapabilityRegistry } from '../../protocol/capabilities/capability-registry.js';
import { McpCapabilitiesModule } from './mcp-capabilities.module.js';
import { McpCapabilityExplorer } from './mcp-capability.explorer.js';
import { McpCompletion, McpResourceList, McpTool } from './mcp-capability.decorators.js';
import { McpDiscoveryModule } from './mcp-discovery.module.js';

async function boot(...imports: Type<unknown>[]): Promise<CapabilityRegistry> {
  const moduleRef = await Test.createTestingModule({
    imports: [McpDiscoveryModule, ...imports],
  }).compile();
  await moduleRef.init();
  return moduleRef.get(CapabilityRegistry);
}

@Injectable()
class First {
  @McpTool({ description: 'Says' })
  say(): string {
    return '';
  }
}

@Module({ imports: [McpCapabilitiesModule.forFeature()], providers: [First] })
class FirstModule {}

describe(`${McpCapabilityExplorer.name} boot checks`, () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('should fail boot on a duplicate tool version, naming both methods', async () => {
    @Injectable()
    class Clash {
      @McpTool({ name: 'say', description: 'Again' })
      again(): string {
        return '';
      }
    }
    @Module({ imports: [McpCapabilitiesModule.forFeature()], providers: [Clash] })
    class ClashModule {}
    await expect(boot(FirstModule, ClashModule)).rejects.toThrow(
      /duplicate tool "say" version 1\.0\.0, already declared by (Clash\.again|First\.say)/,
    );
  });

  it('should fail boot on a completion whose target does not exist', async () => {
    @Injectable()
    class Orphan {
      @McpCompletion({ ref: { type: 'ref/prompt', name: 'nope' }, argument: 'x' })
      complete(): string[] {
        return [];
      }
    }
    @Module({ imports: [McpCapabilitiesModule.forFeature()], providers: [Orphan] })
    class OrphanModule {}
    await expect(boot(OrphanModule)).rejects.toThrow(
      'Orphan.complete: @McpCompletion targets prompt "nope" argument "x", which is not declared',
    );
  });

  it('should fail boot on a resource list whose template does not exist', async () => {
    @Injectable()
    class OrphanList {
      @McpResourceList('nope://{id}')
      list(): { resources: [] } {
        return { resources: [] };
      }
    }
    @Module({ imports: [McpCapabilitiesModule.forFeature()], providers: [OrphanList] })
    class OrphanListModule {}
    await expect(boot(OrphanListModule)).rejects.toThrow(
      'OrphanList.list: @McpResourceList targets "nope://{id}", which is not declared',
    );
  });

  it('should fail boot on an invalid schema, naming the method', async () => {
    @Injectable()
    class BadSchema {
      @McpTool({
        description: 'Bad',
        input: { type: 'object', properties: { a: { type: 'strin' } } },
      })
      bad(): string {
        return '';
      }
    }
    @Module({ imports: [McpCapabilitiesModule.forFeature()], providers: [BadSchema] })
    class BadModule {}
    await expect(boot(BadModule)).rejects.toThrow(
      /^BadSchema\.bad: arguments schema does not compile/,
    );
  });

  it('should fail boot on a nested DTO that class-transformer cannot build, naming the decorator', async () => {
    class Street {
      @IsString()
      name!: string;
    }
    class Address {
      @ValidateNested()
      street!: Street;
    }
    @Injectable()
    class Mailer {
      @McpTool({ description: 'Mails', input: Address })
      mail(): string {
        return '';
      }
    }
    @Module({ imports: [McpCapabilitiesModule.forFeature()], providers: [Mailer] })
    class MailerModule {}
    await expect(boot(MailerModule)).rejects.toThrow(
      'Mailer.mail: invalid input DTO: Address.street: @ValidateNested() needs @Type(() => ItsClass)',
    );
  });

  it('should skip request-scoped providers with a warning', async () => {
    const warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    @Injectable({ scope: Scope.REQUEST })
    class Scoped {
      @McpTool({ description: 'Per request' })
      perRequest(): string {
        return '';
      }
    }
    @Module({ imports: [McpCapabilitiesModule.forFeature()], providers: [Scoped] })
    class ScopedModule {}
    const sut = await boot(ScopedModule);
    expect(sut.findTool('perRequest')).toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('Scoped is request-scoped'));
  });
});
