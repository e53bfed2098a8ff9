import type { IncomingHttpHeaders } from 'node:http';

import { Injectable } from '@nestjs/common';

import type { Principal } from '../../protocol/context/principal.js';
import { CapabilityRegistry } from '../../protocol/capabilities/capability-registry.js';
import type { RegisteredTool } from '../../protocol/capabilities/registered-capability.types.js';
import { CapabilityAccess } from '../../mcp/dispatcher/capability-access.js';
import { JsonRpcErrorCode } from '../../protocol/json-rpc/json-rpc-error-codes.js';
import { isPlainObject } from '../../protocol/json-rpc/json-rpc-message.validator.js';
import type {
  JsonRpcNotification,
  JsonRpcRequest,
} from '../../protocol/json-rpc/json-rpc.types.js';
import { McpError } from '../../protocol/json-rpc/mcp-error.js';
import { decodeMirroredHeader, mirrors } from './mirrored-header.codec.js';

/** Body field mirrored into `Mcp-Name`, per method (SEP-2243). */
const NAME_FIELD: Readonly<Record<string, string>> = {
  'tools/call': 'name',
  'prompts/get': 'name',
  'resources/read': 'uri',
  'tasks/get': 'taskId',
  'tasks/update': 'taskId',
  'tasks/cancel': 'taskId',
};

interface HeaderParam {
  readonly property: string;
  /** Lower-cased `mcp-param-<x-mcp-header>`, as Node exposes header names. */
  readonly header: string;
}

/**
 * Checks that the 2026-07-28 request headers mirror the body (transports §Standard headers and
 * §Custom headers): `MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name`, and `Mcp-Param-{X}` for
 * every argument of the called tool whose schema property carries `x-mcp-header: X`. Anything
 * missing, malformed or different is 400 + -32020 HeaderMismatch. Names are case-insensitive
 * (Node lower-cases them and trims surrounding whitespace); values are case-sensitive. Tool
 * parameters are read only for tools the caller may see, so a header check never reveals a
 * hidden tool; their header lists are computed once per tool.
 */
@Injectable()
export class MirroredHeadersValidator {
  private readonly headerParams = new WeakMap<RegisteredTool, readonly HeaderParam[]>();

  constructor(
    private readonly registry: CapabilityRegistry,
    private readonly access: CapabilityAccess,
  ) {}

  /** @throws McpError -32020 (HTTP 400) */
  validate(
    headers: IncomingHttpHeaders,
    message: JsonRpcRequest | JsonRpcNotification,
    protocolVersion: string,
    principal: Principal,
  ): void {
    expectHeader(headers, 'mcp-protocol-version', protocolVersion, 'MCP-Protocol-Version');
    expectHeader(headers, 'mcp-method', message.method, 'Mcp-Method');
    const params = message.params ?? {};
    const nameField = NAME_FIELD[message.method];
    const name = nameField === undefined ? undefined : params[nameField];
    if (typeof name === 'string') expectMirror(headers['mcp-name'], name, 'Mcp-Name');
    if (message.method !== 'tools/call' || typeof name !== 'string') return;
    const tool = this.registry.findToolFor(name, principal);
    if (tool === undefined || !this.access.isVisible(principal, tool)) return;
    const args = isPlainObject(params.arguments) ? params.arguments : {};
    for (const { property, header } of this.paramsOf(tool)) {
      const value = args[property];
      const raw = headers[header];
      if (value === undefined || value === null) {
        if (raw !== undefined) throw mismatch(`${header} is set but "${property}" is absent`);
        continue;
      }
      expectMirror(raw, value, header);
    }
  }

  private paramsOf(tool: RegisteredTool): readonly HeaderParam[] {
    let params = this.headerParams.get(tool);
    if (params === undefined) {
      const properties = tool.definition.inputSchema.properties;
      params = Object.freeze(
        isPlainObject(properties)
          ? Object.entries(properties).flatMap(([property, schema]) =>
              isPlainObject(schema) && typeof schema['x-mcp-header'] === 'string'
                ? [{ property, header: `mcp-param-${schema['x-mcp-header'].toLowerCase()}` }]
                : [],
            )
          : [],
      );
      this.headerParams.set(tool, params);
    }
    return params;
  }
}

function expectHeader(
  headers: IncomingHttpHeaders,
  name: string,
  expected: string,
  label: string,
): void {
  const value = headers[name];
  if (value === undefined) throw mismatch(`${label} header is required`);
  if (value !== expected) throw mismatch(`${label} header does not match the body`);
}

function expectMirror(raw: string | string[] | undefined, value: unknown, label: string): void {
  if (raw === undefined) throw mismatch(`${label} header is required`);
  const decoded = typeof raw === 'string' ? decodeMirroredHeader(raw) : undefined;
  if (decoded === undefined) throw mismatch(`${label} header is malformed`);
  if (!mirrors(value, decoded)) throw mismatch(`${label} header does not match the body`);
}

function mismatch(detail: string): McpError {
  return new McpError(
    JsonRpcErrorCode.HeaderMismatch,
    `Header mismatch: ${detail}`,
    undefined,
    400,
  );
}
