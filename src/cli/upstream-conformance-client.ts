#!/usr/bin/env node
// The federation client under the official MCP conformance suite's client scenarios:
//   conformance client --command 'node dist/src/cli/upstream-conformance-client.js' --scenario …
// The runner appends the server URL and names the scenario in MCP_CONFORMANCE_SCENARIO. This
// connects our upstream client (src/federation/client) to the URL as the federation module would
// — catalogue, then the calls the scenario expects — so what is tested is our client, not a bare
// SDK client (docs/federation-client.md "Conformance").
import { readConformanceRun } from '../config/conformance-run.js';
import { discoverTokenEndpoint } from '../federation/client/credentials/discover-token-endpoint.js';
import { createUpstreamClient } from '../federation/client/upstream-client.js';
import type {
  UpstreamAuth,
  UpstreamCatalogue,
} from '../federation/client/upstream-client.types.js';
import type { JsonObject } from '../protocol/json-rpc/json-rpc.types.js';

interface ToolCall {
  readonly name: string;
  readonly arguments: JsonObject;
}

const REQUEST_TIMEOUT_MS = 20_000;

async function main(): Promise<void> {
  const url = process.argv[2];
  const run = readConformanceRun();
  if (url === undefined || run.scenario === undefined) {
    throw new Error('usage: MCP_CONFORMANCE_SCENARIO=<scenario> upstream-conformance-client <url>');
  }
  const client = createUpstreamClient({
    name: 'conformance',
    transport: 'streamable-http',
    url,
    auth: await authFor(run.scenario, run.context, url),
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
  });
  const signal = AbortSignal.timeout(REQUEST_TIMEOUT_MS * 3);
  try {
    // Retryable as the federation module marks them: lists always, tools when read-only or
    // idempotent by their annotations.
    const catalogue = await client.catalogue({ signal, retryable: true });
    for (const call of callsFor(run.scenario, catalogue)) {
      const retryable = isRetryable(catalogue.tools.find((tool) => tool.name === call.name));
      const result = await client.callTool(call.name, call.arguments, { signal, retryable });
      process.stderr.write(`${call.name}: ${JSON.stringify(result).slice(0, 200)}\n`);
    }
  } finally {
    await client.close();
  }
}

/** The client-credentials scenarios give the client's id and secret; the rest need none. */
async function authFor(
  scenario: string,
  context: Readonly<Record<string, unknown>>,
  url: string,
): Promise<UpstreamAuth> {
  const { client_id: clientId, client_secret: clientSecret } = context;
  if (typeof clientId !== 'string' || typeof clientSecret !== 'string') return { type: 'none' };
  const discovered = await discoverTokenEndpoint(url);
  process.stderr.write(`${scenario}: token endpoint ${discovered.tokenUrl}\n`);
  return {
    type: 'client-credentials',
    tokenUrl: discovered.tokenUrl,
    clientId,
    clientSecret,
    ...(discovered.resource === undefined ? {} : { resource: discovered.resource }),
    ...(discovered.scopesSupported.length === 0
      ? {}
      : { scope: discovered.scopesSupported.join(' ') }),
  };
}

/** The tools a scenario expects to be called: named ones, else every tool with sample arguments. */
function callsFor(scenario: string, catalogue: UpstreamCatalogue): ToolCall[] {
  const named = (name: string, args: JsonObject = {}): ToolCall[] =>
    catalogue.tools.some((tool) => tool.name === name) ? [{ name, arguments: args }] : [];
  switch (scenario) {
    case 'initialize':
      return [];
    case 'tools_call':
      return named('add_numbers', { a: 5, b: 3 });
    case 'sse-retry':
      return named('test_reconnection');
    case 'http-custom-headers':
      // SEP-2243: values of each kind the Mcp-Param-* encoding distinguishes (plain, number,
      // boolean, padded and non-ASCII strings, which go base64).
      return [
        ...named('test_custom_headers', {
          region: 'us-west1',
          priority: 42,
          verbose: false,
          debug: true,
          whitespace_val: ' padded ',
          non_ascii_val: 'Hello, 世界',
        }),
        ...everyTool(catalogue).filter((call) => call.name !== 'test_custom_headers'),
      ];
    case 'json-schema-2020-12-preservation': {
      // Echoes the catalogue's copy of a 2020-12 schema: the server checks that no keyword
      // ($schema, $defs, additionalProperties, composition, $anchor) was lost on the way.
      const tool = catalogue.tools.find((t) => t.name === 'json_schema_2020_12_tool');
      return named('json_schema_echo', { schema: tool?.inputSchema ?? {} });
    }
    default:
      if (scenario.startsWith('auth/')) return named('test-tool');
      return everyTool(catalogue);
  }
}

function everyTool(catalogue: UpstreamCatalogue): ToolCall[] {
  return catalogue.tools.map((tool) => ({
    name: String(tool.name),
    arguments: sampleArguments(tool.inputSchema),
  }));
}

function isRetryable(tool: JsonObject | undefined): boolean {
  const annotations = (tool?.annotations ?? {}) as {
    readOnlyHint?: boolean;
    idempotentHint?: boolean;
  };
  return annotations.readOnlyHint === true || annotations.idempotentHint === true;
}

/** Arguments that satisfy a simple input schema: defaults, examples or a value of each required type. */
function sampleArguments(schema: unknown): JsonObject {
  const { properties = {}, required = [] } = (schema ?? {}) as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  const args: JsonObject = {};
  for (const name of required) {
    const property = properties[name] ?? {};
    const examples = property.examples as unknown[] | undefined;
    const choices = property.enum as unknown[] | undefined;
    args[name] = property.default ?? examples?.[0] ?? choices?.[0] ?? sampleOf(property.type);
  }
  return args;
}

function sampleOf(type: unknown): unknown {
  switch (type) {
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      return 'test';
  }
}

try {
  await main();
  process.exit(0);
} catch (error) {
  process.stderr.write(
    `upstream-conformance-client: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
}
