import { describe, expect, it } from 'vitest';

import { JsonSchemaCompiler } from '../../mcp/schema/json-schema.compiler.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import type { UpstreamClient } from '../client/upstream-client.types.js';
import type { RecordedDefinition } from './approved-fallback.js';
import { FederatedToolFactory } from './federated-tool.factory.js';
import {
  currentTools,
  declaredVersions,
  type ToolCatalogueParts,
} from './tool-catalogue.builder.js';

const factory = new FederatedToolFactory(new JsonSchemaCompiler());
const client = {} as UpstreamClient;

function parts(blocked: (description: string) => boolean = () => false): ToolCatalogueParts {
  return {
    upstream: 'fx',
    separator: '__',
    fieldsOf: (served, tool) => factory.fieldsOf(served, tool),
    recordedFields: (definition) => factory.recordedFields(definition),
    create: (fields, target) => factory.create(fields, target),
    lint: (tool) => {
      if (blocked(tool.definition.description)) throw new Error('looks poisoned');
    },
    target: (toolName) => ({ upstream: 'fx', toolName, client, exchangesCallerToken: false }),
  };
}

const listing = (
  description: string,
  inputSchema: JsonObject = { type: 'object' },
): JsonObject => ({
  name: 'echo',
  description,
  inputSchema,
});

/** The recorded row of what `fx` lists as `tool` now, with `status`. */
function recordedOf(tool: JsonObject, status: RecordedDefinition['status']): RecordedDefinition {
  const built = currentTools([tool], parts()).tools.get('fx__echo')?.tool;
  if (built === undefined) throw new Error('not built');
  return {
    definitionSha256: built.definition.definitionSha256,
    status,
    definition: built.definition as unknown as JsonObject,
  };
}

const versionsOf = (tools: Map<string, readonly { definition: { description: string } }[]>) =>
  (tools.get('fx__echo') ?? []).map((tool) => tool.definition.description);

describe('federated tool catalogue', () => {
  it('should namespace the upstream tools and refuse names that cannot be served', () => {
    const long = { name: 'x'.repeat(130), inputSchema: { type: 'object' } };
    const current = currentTools([listing('Echo'), long], parts());
    expect([...current.tools.keys()]).toEqual(['fx__echo']);
    expect(current.tools.get('fx__echo')?.tool?.source).toEqual({
      className: 'upstream:fx',
      methodName: 'echo',
    });
    expect(current.held).toEqual([
      { name: `fx__${'x'.repeat(130)}`, reason: 'not a valid tool name once namespaced' },
    ]);
  });

  it('should keep the approved definition before a changed one that waits', () => {
    const approved = recordedOf(listing('Echo'), 'approved');
    const current = currentTools([listing('Echo, changed')], parts());
    const pending = recordedOf(listing('Echo, changed'), 'pending');
    const declared = declaredVersions(
      current,
      new Map([['fx__echo', [pending, approved]]]),
      parts(),
    );
    expect(versionsOf(declared)).toEqual(['Echo', 'Echo, changed']);
  });

  it('should declare the listed definition alone once it is approved', () => {
    const current = currentTools([listing('Echo, changed')], parts());
    const rows = [
      recordedOf(listing('Echo, changed'), 'approved'),
      recordedOf(listing('Echo'), 'approved'),
    ];
    expect(versionsOf(declaredVersions(current, new Map([['fx__echo', rows]]), parts()))).toEqual([
      'Echo, changed',
    ]);
  });

  it('should not keep an approved definition whose input schema differs (the tool is withheld)', () => {
    const approved = recordedOf(listing('Echo'), 'approved');
    const changedSchema = listing('Echo', {
      type: 'object',
      properties: { path: { type: 'string' } },
    });
    const current = currentTools([changedSchema], parts());
    const declared = declaredVersions(current, new Map([['fx__echo', [approved]]]), parts());
    expect(versionsOf(declared)).toEqual(['Echo']);
    expect(declared.get('fx__echo')?.[0]?.definition.inputSchema).toEqual(
      changedSchema['inputSchema'],
    );
  });

  it('should serve the approved definition alone when the lint refuses the listed one', () => {
    const approved = recordedOf(listing('Echo'), 'approved');
    const lint = parts((description) => description.includes('poison'));
    const current = currentTools([listing('Echo poison')], lint);
    expect(current.held).toEqual([{ name: 'fx__echo', reason: 'looks poisoned' }]);
    expect(
      versionsOf(declaredVersions(current, new Map([['fx__echo', [approved]]]), lint)),
    ).toEqual(['Echo']);
  });
});
