import { setTimeout as sleep } from 'node:timers/promises';

import { Injectable } from '@nestjs/common';

import type { McpHandlerContext } from '../../protocol/context/index.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import { McpTool } from '../../mcp/discovery/index.js';
import {
  JSON_SCHEMA_2020_12_INPUT,
  TEST_PNG_BASE64,
  TEST_WAV_BASE64,
} from './conformance-fixtures.constants.js';

/** Conformance tools that return fixed content (tools-call-* scenarios). */
@Injectable()
export class ConformanceContentTools {
  @McpTool({ name: 'test_simple_text', description: 'Tests simple text content response' })
  simpleText(): string {
    return 'This is a simple text response for testing.';
  }

  @McpTool({ name: 'test_image_content', description: 'Tests image content response' })
  imageContent(): JsonObject {
    return { content: [{ type: 'image', data: TEST_PNG_BASE64, mimeType: 'image/png' }] };
  }

  @McpTool({ name: 'test_audio_content', description: 'Tests audio content response' })
  audioContent(): JsonObject {
    return { content: [{ type: 'audio', data: TEST_WAV_BASE64, mimeType: 'audio/wav' }] };
  }

  @McpTool({
    name: 'test_embedded_resource',
    description: 'Tests embedded resource content response',
  })
  embeddedResource(): JsonObject {
    const resource = {
      uri: 'test://embedded-resource',
      mimeType: 'text/plain',
      text: 'This is an embedded resource content.',
    };
    return { content: [{ type: 'resource', resource }] };
  }

  @McpTool({
    name: 'test_multiple_content_types',
    description: 'Tests response with multiple content types (text, image, resource)',
  })
  multipleContentTypes(): JsonObject {
    const resource = {
      uri: 'test://mixed-content-resource',
      mimeType: 'application/json',
      text: JSON.stringify({ test: 'data', value: 123 }),
    };
    return {
      content: [
        { type: 'text', text: 'Multiple content types test:' },
        { type: 'image', data: TEST_PNG_BASE64, mimeType: 'image/png' },
        { type: 'resource', resource },
      ],
    };
  }

  /** A tool error is a result with `isError: true`, not a JSON-RPC error (tools §Error handling). */
  @McpTool({ name: 'test_error_handling', description: 'Tests error response handling' })
  errorHandling(): JsonObject {
    const text = 'This tool intentionally returns an error for testing';
    return { content: [{ type: 'text', text }], isError: true };
  }

  @McpTool({
    name: 'json_schema_2020_12_tool',
    description: 'Tool with JSON Schema 2020-12 features for conformance testing (SEP-1613)',
    input: JSON_SCHEMA_2020_12_INPUT,
  })
  jsonSchema202012(args: JsonObject): string {
    return `JSON Schema 2020-12 tool called with: ${JSON.stringify(args)}`;
  }

  /**
   * SEP-1699: closes its response stream mid-call; the result reaches the client when it resumes
   * with GET and `Last-Event-ID` (conformance `server-sse-polling`).
   */
  @McpTool({
    name: 'test_reconnection',
    description: 'Tests SSE stream disconnection and client reconnection (SEP-1699)',
  })
  async reconnection(_args: JsonObject, ctx: McpHandlerContext): Promise<string> {
    ctx.closeResponseStream();
    await sleep(100, undefined, { signal: ctx.signal });
    return 'Reconnection test completed successfully. If you received this, the client properly reconnected after stream closure.';
  }
}
