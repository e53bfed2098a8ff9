/**
 * `context` of the lines written by this module's own writers. The pretty format lays each of
 * them out in a shape of its own (pretty-line.ts); JSON consumers may filter on them.
 */
export const LINE_CONTEXTS = Object.freeze({
  /** One per HTTP request of the Express routes, and per request the MCP listener refuses. */
  httpAccess: 'HttpAccess',
  /** One per JSON-RPC request, whatever the transport. */
  mcpRequest: 'RequestLogLine',
  /** The last line of the boot log: where to connect and what the server runs on. */
  bootSummary: 'Bootstrap',
});
