import 'reflect-metadata';

import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { describe, expect, it } from 'vitest';

import { ChangeBus, type ChangeEvent } from '../../events/change-bus.js';
import { LocalChangeBus } from '../../events/local-change.bus.js';
import type { McpHandlerContext } from '../../protocol/context/index.js';
import { ANONYMOUS_PRINCIPAL } from '../../protocol/context/index.js';
import { CapabilityRegistry, McpDiscoveryModule } from '../../mcp/discovery/index.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import { CapabilityChangesModule } from '../../mcp/subscriptions/capability-changes.module.js';
import { ConformanceCapabilitiesModule } from './conformance-capabilities.module.js';
import { JSON_SCHEMA_2020_12_INPUT, TEST_PNG_BASE64 } from './conformance-fixtures.constants.js';

/** A handler context that records what the tool sent to the client, with timestamps. */
function recordingContext(answer: JsonObject = {}) {
  const events: { at: number; what: string; data: unknown }[] = [];
  const started = performance.now();
  const record = (what: string, data: unknown): void => {
    events.push({ at: performance.now() - started, what, data });
  };
  const context = {
    principal: ANONYMOUS_PRINCIPAL,
    signal: new AbortController().signal,
    reportProgress: (progress: number, total?: number) => record('progress', [progress, total]),
    log: { info: (data: unknown) => record('log', data) },
    requestInput: (key: string, method: string, params: JsonObject) => {
      record(method, { key, params });
      return Promise.resolve(answer);
    },
  } as unknown as McpHandlerContext;
  return { context, events };
}

const bus = new LocalChangeBus();

@Global()
@Module({ providers: [{ provide: ChangeBus, useValue: bus }], exports: [ChangeBus] })
class InProcessBusModule {}

async function registry(): Promise<CapabilityRegistry> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      InProcessBusModule,
      CapabilityChangesModule,
      McpDiscoveryModule,
      ConformanceCapabilitiesModule,
    ],
  }).compile();
  await moduleRef.init();
  return moduleRef.get(CapabilityRegistry);
}

describe(ConformanceCapabilitiesModule.name, () => {
  it('should expose every fixture of the conformance suite, each tool and prompt described', async () => {
    const sut = await registry();
    expect(sut.tools().map((tool) => tool.definition.name)).toEqual([
      'confirm_delete',
      'failing_job',
      'greet',
      'json_schema_2020_12_tool',
      'multi_input',
      'paced_progress',
      'protocol_error_job',
      'slow_compute',
      'test_audio_content',
      'test_elicitation',
      'test_elicitation_sep1034_defaults',
      'test_elicitation_sep1330_enums',
      'test_embedded_resource',
      'test_error_handling',
      'test_image_content',
      'test_input_required_result_capabilities',
      'test_input_required_result_elicitation',
      'test_input_required_result_list_roots',
      'test_input_required_result_multi_round',
      'test_input_required_result_multiple_inputs',
      'test_input_required_result_request_state',
      'test_input_required_result_sampling',
      'test_input_required_result_tampered_state',
      'test_logging_tool',
      'test_missing_capability',
      'test_multiple_content_types',
      'test_reconnection',
      'test_sampling',
      'test_simple_text',
      'test_streaming_elicitation',
      'test_tool_with_logging',
      'test_tool_with_progress',
      'test_tool_with_task',
      'test_trigger_prompt_change',
      'test_trigger_tool_change',
      'test_x_mcp_header',
    ]);
    expect(sut.resources().map((resource) => resource.uri)).toEqual([
      'test://static-binary',
      'test://static-text',
      'test://watched-resource',
    ]);
    expect(sut.resourceTemplates().map((template) => template.uriTemplate)).toEqual([
      'test://template/{id}/data',
    ]);
    for (const entry of [...sut.tools(), ...sut.prompts()]) {
      expect(entry.listing['description'], JSON.stringify(entry.listing)).toMatch(/\S/);
    }
  });

  it('should serve the SEP-1613 schema verbatim', async () => {
    const sut = await registry();
    expect(sut.findTool('json_schema_2020_12_tool')?.listing['inputSchema']).toEqual(
      JSON_SCHEMA_2020_12_INPUT,
    );
  });

  it('should answer the content scenarios with the expected texts and data', async () => {
    const sut = await registry();
    const { context } = recordingContext();
    expect(await sut.findTool('test_simple_text')?.invoke({}, context)).toEqual({
      content: [{ type: 'text', text: 'This is a simple text response for testing.' }],
    });
    const error = await sut.findTool('test_error_handling')?.invoke({}, context);
    expect(error).toMatchObject({ isError: true, content: [{ type: 'text' }] });
    const binary = await sut
      .findResource('test://static-binary')
      ?.read('test://static-binary', context);
    expect(binary).toEqual({
      contents: [{ uri: 'test://static-binary', mimeType: 'image/png', blob: TEST_PNG_BASE64 }],
    });
    const match = sut.matchResourceTemplate('test://template/123/data');
    const read = await match?.template.read('test://template/123/data', match.variables, context);
    expect(JSON.parse(String((read?.['contents'] as JsonObject[])[0]?.['text']))).toEqual({
      id: '123',
      templateTest: true,
      data: 'Data for ID: 123',
    });
    const prompt = await sut
      .findPrompt('test_prompt_with_arguments')
      ?.get({ arg1: 'testValue1', arg2: 'testValue2' }, context);
    expect(JSON.stringify(prompt)).toContain("arg1='testValue1', arg2='testValue2'");
  });

  it('should log three times and report progress 0, 50, 100 about 50 ms apart', async () => {
    const sut = await registry();
    const logging = recordingContext();
    await sut.findTool('test_tool_with_logging')?.invoke({}, logging.context);
    expect(logging.events.map((event) => event.data)).toEqual([
      'Tool execution started',
      'Tool processing data',
      'Tool execution completed',
    ]);
    expect(logging.events[2]?.at).toBeGreaterThanOrEqual(90);
    const progress = recordingContext();
    await sut.findTool('test_tool_with_progress')?.invoke({}, progress.context);
    expect(progress.events.map((event) => event.data)).toEqual([
      [0, 100],
      [50, 100],
      [100, 100],
    ]);
  });

  it('should report paced progress steps, then answer', async () => {
    const sut = await registry();
    const { context, events } = recordingContext();
    const result = await sut
      .findTool('paced_progress')
      ?.invoke({ steps: 3, intervalMs: 40 }, context);
    expect(result).toEqual({ content: [{ type: 'text', text: 'Reported 3 steps' }] });
    expect(events.map((event) => event.data)).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(events[2]?.at).toBeGreaterThanOrEqual(110);
  });

  it('should ask the client for sampling and elicitation and report the answer', async () => {
    const sut = await registry();
    const sampling = recordingContext({ role: 'assistant', content: { type: 'text', text: 'Hi' } });
    expect(
      await sut.findTool('test_sampling')?.invoke({ prompt: 'Test prompt' }, sampling.context),
    ).toEqual({ content: [{ type: 'text', text: 'LLM response: Hi' }] });
    expect(sampling.events[0]).toMatchObject({
      what: 'sampling/createMessage',
      data: { params: { maxTokens: 100, messages: [{ content: { text: 'Test prompt' } }] } },
    });
    const elicitation = recordingContext({ action: 'accept', content: { name: 'x' } });
    const result = await sut
      .findTool('test_elicitation_sep1034_defaults')
      ?.invoke({}, elicitation.context);
    expect(result).toEqual({
      content: [
        { type: 'text', text: 'Elicitation completed: action=accept, content={"name":"x"}' },
      ],
    });
    expect(elicitation.events[0]).toMatchObject({
      what: 'elicitation/create',
      data: {
        params: { requestedSchema: { properties: { age: { type: 'integer', default: 30 } } } },
      },
    });
  });

  it('should ask the MRTR questions by their scenario keys, together when one round needs all', async () => {
    const sut = await registry();
    const multiple = recordingContext({});
    await sut.findTool('test_input_required_result_multiple_inputs')?.invoke({}, multiple.context);
    expect(multiple.events.map((event) => (event.data as { key: string }).key)).toEqual([
      'user_name',
      'greeting',
      'client_roots',
    ]);
    const named = recordingContext({ action: 'accept', content: { name: 'Alice' } });
    expect(
      await sut.findTool('test_input_required_result_elicitation')?.invoke({}, named.context),
    ).toEqual({ content: [{ type: 'text', text: 'Hello, Alice!' }] });
  });

  it('should announce tool and prompt list changes on the change bus', async () => {
    const sut = await registry();
    const heard: ChangeEvent[] = [];
    const unsubscribe = bus.subscribe((event) => heard.push(event));
    const { context } = recordingContext();
    await sut.findTool('test_trigger_tool_change')?.invoke({}, context);
    await sut.findTool('test_trigger_prompt_change')?.invoke({}, context);
    await new Promise((resolve) => setImmediate(resolve));
    unsubscribe();
    expect(heard.map((event) => event.channel)).toEqual([
      'mcp.tools.list_changed',
      'mcp.prompts.list_changed',
    ]);
  });
});
