import { OVERFLOW_LABEL } from './metric-names.js';

/**
 * Memoizes prom-client label children (`metric.labels(...)`) in nested Maps so the hot path
 * neither builds a composite key nor re-hashes label sets on every call. Up to three label
 * values; unused trailing levels take `''`.
 *
 * The first label is the open-ended one (MCP method, tool name, event type): once
 * `maxFirstValues` distinct values have been seen, further new values are recorded as
 * {@link OVERFLOW_LABEL}, so a client inventing method names cannot grow the series count.
 */
export class LabelChildCache<T> {
  private readonly root = new Map<string, Map<string, Map<string, T>>>();

  constructor(
    private readonly maxFirstValues: number,
    private readonly create: (first: string, second: string, third: string) => T,
  ) {}

  get(first: string, second = '', third = ''): T {
    let level1 = this.root.get(first);
    if (level1 === undefined) {
      if (this.root.size >= this.maxFirstValues && first !== OVERFLOW_LABEL) {
        return this.get(OVERFLOW_LABEL, second, third);
      }
      level1 = new Map();
      this.root.set(first, level1);
    }
    let level2 = level1.get(second);
    if (level2 === undefined) {
      level2 = new Map();
      level1.set(second, level2);
    }
    let child = level2.get(third);
    if (child === undefined) {
      child = this.create(first, second, third);
      level2.set(third, child);
    }
    return child;
  }
}
