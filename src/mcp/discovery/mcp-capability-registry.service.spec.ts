import { describe, expect, it } from 'vitest';

import { fakeTool, principal } from '../../../test/support/mcp-core.fakes.js';
import { McpCapabilityRegistryService } from './mcp-capability-registry.service.js';
import type { RegisteredTool } from '../../protocol/capabilities/registered-capability.types.js';

function version(name: string, label: string): RegisteredTool {
  const tool = fakeTool(name);
  return { ...tool, definition: { ...tool.definition, version: label } };
}

describe(`${McpCapabilityRegistryService.name} served tools per client`, () => {
  const reportV1 = version('report', '1.0.0');
  const reportV2 = version('report', '2.0.0');
  const audit = version('audit', '1.0.0');
  const legacy = principal('lee', { clientId: 'legacy-app' });
  const other = principal('olga', { clientId: 'agent-b' });
  const noClient = principal('sam');

  /** Serves the highest version of each tool, and `reportPins` (client id → report version). */
  function serve(
    sut: McpCapabilityRegistryService,
    reportPins: ReadonlyMap<string, RegisteredTool>,
  ): void {
    sut.serveToolVersions((name, versions) => ({
      tool: versions.at(-1),
      byClient: name === 'report' ? reportPins : new Map(),
    }));
  }

  function registry(): McpCapabilityRegistryService {
    const sut = new McpCapabilityRegistryService();
    for (const tool of [reportV2, audit, reportV1]) sut.addTool(tool);
    sut.freeze();
    return sut;
  }

  it('should serve everyone the highest version until a choice is made', () => {
    const sut = registry();
    expect(sut.toolsFor(legacy)).toBe(sut.tools());
    expect(sut.findToolFor('report', noClient)).toBe(reportV2);
  });

  it('should serve a pinned client its version, in list and lookup, and the others the default', () => {
    const sut = registry();
    serve(sut, new Map([['legacy-app', reportV1]]));
    expect(sut.toolsFor(legacy)).toEqual([audit, reportV1]);
    expect(Object.isFrozen(sut.toolsFor(legacy))).toBe(true);
    expect(sut.findToolFor('report', legacy)).toBe(reportV1);
    expect(sut.findToolFor('audit', legacy)).toBe(audit);
    for (const unpinned of [other, noClient]) {
      expect(sut.toolsFor(unpinned)).toBe(sut.tools());
      expect(sut.findToolFor('report', unpinned)).toBe(reportV2);
    }
  });

  it('should drop a client view once its pin is gone', () => {
    const sut = registry();
    serve(sut, new Map([['legacy-app', reportV1]]));
    serve(sut, new Map());
    expect(sut.toolsFor(legacy)).toBe(sut.tools());
    expect(sut.findToolFor('report', legacy)).toBe(reportV2);
  });
});
