import { describe, expect, it } from 'vitest';

import { fakePrompt, fakeResource, fakeTool } from '../../../test/support/mcp-core.fakes.js';
import { McpCapabilityRegistryService } from './mcp-capability-registry.service.js';

/** docs/federation.md "Registry integration": the registry's dynamic side. */
describe(`${McpCapabilityRegistryService.name} dynamic capabilities`, () => {
  function registry(): McpCapabilityRegistryService {
    const sut = new McpCapabilityRegistryService();
    sut.addTool(fakeTool('echo'));
    sut.addResource(fakeResource('app://readme'));
    sut.freeze();
    return sut;
  }

  it('should merge dynamic capabilities into every view, sorted, and replace them whole', () => {
    const sut = registry();
    const upstreamTool = fakeTool('fx__echo');
    sut.replaceDynamic({
      toolVersions: new Map([['fx__echo', [upstreamTool]]]),
      resources: [fakeResource('mcp-upstream://fx/doc')],
      resourceTemplates: [],
      prompts: [fakePrompt('fx__greet')],
    });
    expect(sut.tools().map((tool) => tool.definition.name)).toEqual(['echo', 'fx__echo']);
    expect(sut.findTool('fx__echo')).toBe(upstreamTool);
    expect(sut.allToolVersions()).toHaveLength(2);
    expect(sut.findResource('mcp-upstream://fx/doc')?.uri).toBe('mcp-upstream://fx/doc');
    expect(sut.findPrompt('fx__greet')?.name).toBe('fx__greet');

    sut.replaceDynamic({
      toolVersions: new Map(),
      resources: [],
      resourceTemplates: [],
      prompts: [],
    });
    expect(sut.tools().map((tool) => tool.definition.name)).toEqual(['echo']);
    expect(sut.findResource('mcp-upstream://fx/doc')).toBeUndefined();
    expect(sut.findPrompt('fx__greet')).toBeUndefined();
  });

  it('should keep the local capability of a name and report the clash', () => {
    const sut = registry();
    const local = sut.findTool('echo');
    const clashes = sut.replaceDynamic({
      toolVersions: new Map([['echo', [fakeTool('echo')]]]),
      resources: [fakeResource('app://readme')],
      resourceTemplates: [],
      prompts: [],
    });
    expect(clashes).toEqual(['echo', 'app://readme']);
    expect(sut.findTool('echo')).toBe(local);
  });

  it('should let the served versions choose again after a replacement', () => {
    const sut = registry();
    const chosen: string[] = [];
    sut.onDeclarationsChanged(() =>
      sut.serveToolVersions((name, versions) => {
        chosen.push(name);
        return { tool: versions.at(-1), byClient: new Map() };
      }),
    );
    sut.replaceDynamic({
      toolVersions: new Map([['fx__echo', [fakeTool('fx__echo')]]]),
      resources: [],
      resourceTemplates: [],
      prompts: [],
    });
    expect(chosen.sort()).toEqual(['echo', 'fx__echo']);
    expect(sut.findTool('fx__echo')?.definition.name).toBe('fx__echo');
  });
});
