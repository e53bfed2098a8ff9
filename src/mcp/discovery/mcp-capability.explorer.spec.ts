import 'reflect-metadata';

import {
  type CanActivate,
  type ExecutionContext,
  Injectable,
  Module,
  UseGuards,
  UseInterceptors,
  UsePipes,
  ValidationPipe,
  type CallHandler,
  type NestInterceptor,
  type Type,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IsString } from 'class-validator';
import { map, type Observable } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';

import type { McpHandlerContext } from '../../protocol/context/handler-context.js';
import { ANONYMOUS_PRINCIPAL } from '../../protocol/context/principal.js';
import { CapabilityRegistry } from '../../protocol/capabilities/capability-registry.js';
import { McpAccessDeniedError } from './mcp-access-denied.error.js';
import { McpPublic, McpRoles } from './mcp-access.decorators.js';
import { McpCapabilitiesModule } from './mcp-capabilities.module.js';
import { McpCapabilityExplorer } from './mcp-capability.explorer.js';
import {
  McpCompletion,
  McpPrompt,
  McpResource,
  McpResourceTemplate,
  McpTool,
} from './mcp-capability.decorators.js';
import { McpDiscoveryModule } from './mcp-discovery.module.js';
import { getMcpHandlerContext } from './mcp-execution-context.js';

const ctx = { principal: ANONYMOUS_PRINCIPAL, requestId: 1 } as unknown as McpHandlerContext;

class SayDto {
  @IsString()
  message!: string;
}

/** Denies unless the principal has role `ops`; records what it saw. */
@Injectable()
class OpsGuard implements CanActivate {
  static seen: unknown[] = [];
  canActivate(context: ExecutionContext): boolean {
    OpsGuard.seen.push(context.getType(), context.getArgByIndex(0));
    return getMcpHandlerContext(context).principal.roles.includes('ops');
  }
}

@Injectable()
class ShoutInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(map((value) => String(value).toUpperCase()));
  }
}

@McpRoles('staff')
@Injectable()
class GreetingCapabilities {
  @McpTool({ description: 'Says something', input: SayDto })
  say(args: SayDto): string {
    return `said ${args.message}`;
  }

  @McpTool({ name: 'say', version: '2.0.0', description: 'Says it louder' })
  @UseInterceptors(ShoutInterceptor)
  sayV2(args: { message?: string }): string {
    return `said ${args.message ?? ''}`;
  }

  @McpTool({ description: 'Guarded', input: { type: 'object', properties: {} } })
  @UseGuards(OpsGuard)
  @McpPublic()
  guarded(): string {
    return 'ran';
  }

  @McpResource({ uri: 'info://greeting', name: 'greeting', mimeType: 'text/plain' })
  greeting(): string {
    return 'hello';
  }

  @McpResourceTemplate({ uriTemplate: 'info://greeting/{lang}', name: 'by-language' })
  byLanguage(variables: Record<string, string>): Buffer {
    return Buffer.from(variables['lang'] ?? '');
  }

  @McpPrompt({ description: 'Greets', arguments: [{ name: 'who', required: true }] })
  greet(args: Record<string, string>): string {
    return `Greet ${args['who']}`;
  }

  @McpCompletion({ ref: { type: 'ref/prompt', name: 'greet' }, argument: 'who' })
  completeWho(value: string): string[] {
    return ['alice', 'bob'].filter((name) => name.startsWith(value));
  }

  @McpCompletion({ ref: { type: 'ref/resource', uri: 'info://greeting/{lang}' }, argument: 'lang' })
  completeLang(): string[] {
    return ['en', 'fr'];
  }
}

async function boot(...imports: Type<unknown>[]): Promise<CapabilityRegistry> {
  const moduleRef = await Test.createTestingModule({
    imports: [McpDiscoveryModule, ...imports],
  }).compile();
  await moduleRef.init();
  return moduleRef.get(CapabilityRegistry);
}

@Module({
  imports: [McpCapabilitiesModule.forFeature()],
  providers: [GreetingCapabilities, OpsGuard],
})
class GreetingModule {}

describe(McpCapabilityExplorer.name, () => {
  afterEach(() => {
    OpsGuard.seen = [];
  });

  it('should register the capabilities of an opted-in module, sorted and frozen', async () => {
    const sut = await boot(GreetingModule);
    expect(sut.tools().map((tool) => `${tool.definition.name}@${tool.definition.version}`)).toEqual(
      ['guarded@1.0.0', 'say@2.0.0'],
    );
    expect(sut.allToolVersions()).toHaveLength(3);
    expect(sut.findTool('say')?.access).toEqual({ roles: ['staff'], scopes: [], isPublic: false });
    expect(sut.findTool('guarded')?.access.isPublic).toBe(true);
    expect(sut.findResource('info://greeting')?.listing).toEqual({
      uri: 'info://greeting',
      name: 'greeting',
      mimeType: 'text/plain',
    });
    expect(sut.prompts().map((prompt) => prompt.name)).toEqual(['greet']);
    expect(Object.isFrozen(sut.tools())).toBe(true);
  });

  it('should invoke handlers and normalize their results', async () => {
    const sut = await boot(GreetingModule);
    const v1 = sut
      .allToolVersions()
      .find(({ definition }) => definition.name === 'say' && definition.version === '1.0.0');
    expect(await v1?.parseInput({ message: 1 })).toEqual({
      ok: false,
      problems: 'arguments/message must be string',
    });
    expect(await v1?.invoke({ message: 'hi' }, ctx)).toEqual({
      content: [{ type: 'text', text: 'said hi' }],
    });
    expect(await sut.findTool('say')?.invoke({ message: 'hi' }, ctx)).toEqual({
      content: [{ type: 'text', text: 'SAID HI' }],
    });
    const match = sut.matchResourceTemplate('info://greeting/fr');
    expect(await match?.template.read('info://greeting/fr', match.variables, ctx)).toEqual({
      contents: [{ uri: 'info://greeting/fr', blob: Buffer.from('fr').toString('base64') }],
    });
    expect(await sut.findPrompt('greet')?.get({ who: 'Ann' }, ctx)).toEqual({
      messages: [{ role: 'user', content: { type: 'text', text: 'Greet Ann' } }],
    });
    await expect(sut.findPrompt('greet')?.get({}, ctx)).rejects.toThrow(
      'Missing required argument: who',
    );
    const completion = sut.findCompletion({ type: 'ref/prompt', name: 'greet' }, 'who');
    expect(await completion?.complete('a', { arguments: {} }, ctx)).toEqual(['alice']);
  });

  it('should run a guard on the tool through the MCP execution context and deny', async () => {
    const sut = await boot(GreetingModule);
    const tool = sut.findTool('guarded');
    await expect(tool?.invoke({ x: 1 }, ctx)).rejects.toBeInstanceOf(McpAccessDeniedError);
    expect(OpsGuard.seen).toEqual(['mcp', { x: 1 }]);
    const ops = { ...ctx, principal: { ...ANONYMOUS_PRINCIPAL, roles: ['ops'] } };
    expect(await tool?.invoke({}, ops)).toEqual({ content: [{ type: 'text', text: 'ran' }] });
  });

  it('should apply @UsePipes to the handler arguments with their declared types', async () => {
    @Injectable()
    class Piped {
      @McpTool({ description: 'Transformed', input: SayDto })
      @UsePipes(new ValidationPipe({ transform: true, validateCustomDecorators: true }))
      piped(args: SayDto): string {
        return args instanceof SayDto ? `dto:${args.message}` : 'plain';
      }
    }
    @Module({ imports: [McpCapabilitiesModule.forFeature()], providers: [Piped] })
    class PipedModule {}
    const sut = await boot(PipedModule);
    expect(await sut.findTool('piped')?.invoke({ message: 'x' }, ctx)).toEqual({
      content: [{ type: 'text', text: 'dto:x' }],
    });
  });

  it('should not scan modules that did not opt in', async () => {
    @Module({ providers: [GreetingCapabilities, OpsGuard] })
    class PlainModule {}
    const sut = await boot(PlainModule);
    expect(sut.tools()).toEqual([]);
    expect(sut.prompts()).toEqual([]);
  });
});
