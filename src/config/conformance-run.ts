/**
 * What the official MCP conformance runner tells the client under test
 * (`conformance client --command …`): the scenario, its context (credentials of the
 * client-credentials scenarios) and the protocol revision, in `MCP_CONFORMANCE_*` variables it
 * sets for the child. Only `src/cli/upstream-conformance-client.ts` uses it; it is no setting of
 * the server (docs/federation-client.md "Conformance").
 */
export interface ConformanceRun {
  readonly scenario: string | undefined;
  readonly context: Readonly<Record<string, unknown>>;
  readonly protocolVersion: string | undefined;
}

/** @throws Error when the context is not a JSON object */
export function readConformanceRun(): ConformanceRun {
  const raw = process.env.MCP_CONFORMANCE_CONTEXT;
  const context: unknown = raw ? JSON.parse(raw) : {};
  if (typeof context !== 'object' || context === null || Array.isArray(context)) {
    throw new Error('MCP_CONFORMANCE_CONTEXT must be a JSON object');
  }
  return {
    scenario: process.env.MCP_CONFORMANCE_SCENARIO,
    context: context as Record<string, unknown>,
    protocolVersion: process.env.MCP_CONFORMANCE_PROTOCOL_VERSION,
  };
}
