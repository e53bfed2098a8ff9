import type { ClientInfo } from '../../protocol/context/mcp-session.js';
import { isPlainObject } from '../../protocol/json-rpc/json-rpc-message.validator.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import { McpError } from '../../protocol/json-rpc/mcp-error.js';
import type { NegotiatedSession } from '../../sessions/mcp-session.service.js';
import { negotiateProtocolVersion } from './protocol-version.negotiation.js';

/**
 * Reads `InitializeRequest.params` (lifecycle §Initialization): `protocolVersion`, `capabilities`
 * and `clientInfo` are required by every legacy schema; a missing `capabilities` is read as "none"
 * because it changes nothing we would do.
 *
 * @throws McpError -32602 naming the field at fault.
 */
export function readInitializeParams(params: JsonObject | undefined): NegotiatedSession {
  if (params === undefined) throw McpError.invalidParams('Invalid params: initialize needs params');
  const protocolVersion = negotiateProtocolVersion(params.protocolVersion);
  const { capabilities = {}, clientInfo } = params;
  if (!isPlainObject(capabilities)) {
    throw McpError.invalidParams('Invalid params: "capabilities" must be an object');
  }
  return {
    protocolVersion,
    clientInfo: readClientInfo(clientInfo),
    clientCapabilities: capabilities,
  };
}

function readClientInfo(value: unknown): ClientInfo {
  if (
    !isPlainObject(value) ||
    typeof value.name !== 'string' ||
    typeof value.version !== 'string' ||
    (value.title !== undefined && typeof value.title !== 'string')
  ) {
    throw McpError.invalidParams('Invalid params: "clientInfo" must be {name, version} strings');
  }
  const { name, version, title } = value;
  return typeof title === 'string' ? { name, version, title } : { name, version };
}
