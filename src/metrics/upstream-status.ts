import type { ModuleRef } from '@nestjs/core';

/**
 * What the federation reports for `mcp_upstream_up`: 1 per upstream that answers, 0 otherwise.
 * A port (the federation provides it), so metrics never import the federation; abstract class
 * so it doubles as the DI token.
 */
export abstract class UpstreamStatus {
  /** Upstream name → 1 (up) or 0 (connecting, down, circuit open, disabled). */
  abstract upByName(): ReadonlyMap<string, number>;
}

/** Read at scrape time; `undefined` when the application has no federation. */
export function upstreamUp(moduleRef: ModuleRef): ReadonlyMap<string, number> | undefined {
  try {
    return moduleRef.get(UpstreamStatus, { strict: false }).upByName();
  } catch {
    return undefined;
  }
}
