import type { CapabilityKind } from './access-decision.types.js';

/**
 * Narrows what one session may see and use (e.g. an agent platform opening a session for an
 * agent that should only reach some tools). Never widens: the principal's own rights still apply.
 */
export interface SessionAccessFilter {
  includes(kind: CapabilityKind, name: string): boolean;
}

/** A filter admitting only the listed names per kind; kinds not listed are unrestricted. */
export class NameListSessionFilter implements SessionAccessFilter {
  private readonly allowed: ReadonlyMap<CapabilityKind, ReadonlySet<string>>;

  constructor(allowed: Partial<Record<CapabilityKind, readonly string[]>>) {
    const entries = Object.entries(allowed) as [CapabilityKind, readonly string[]][];
    this.allowed = new Map(entries.map(([kind, names]) => [kind, new Set(names)]));
  }

  includes(kind: CapabilityKind, name: string): boolean {
    return this.allowed.get(kind)?.has(name) ?? true;
  }
}
