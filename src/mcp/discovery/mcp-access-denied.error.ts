/**
 * A guard on an MCP handler returned `false` (Nest raises `ForbiddenException`). The dispatcher
 * answers exactly as for a capability that does not exist (docs/security.md
 * "Hidden versus revealed denials"), so the message never reaches a client.
 */
export class McpAccessDeniedError extends Error {
  constructor(readonly handler: string) {
    super(`access to ${handler} denied by a guard`);
    this.name = 'McpAccessDeniedError';
  }
}
