/** One row of a side-by-side diff: a line on the left, on the right, or both. */
export interface DiffRow {
  readonly left: string | null;
  readonly right: string | null;
  /** `same` on both sides; `changed`: the left line was replaced by the right one. */
  readonly change: 'same' | 'removed' | 'added' | 'changed';
}

/**
 * A side-by-side line diff from the longest common subsequence of lines (definitions are a few
 * hundred lines at most, so the quadratic table is small); a run of removed lines followed by
 * added ones is paired row by row as changed lines.
 */
export function lineDiff(left: readonly string[], right: readonly string[]): DiffRow[] {
  const common = lcsTable(left, right);
  const rows: DiffRow[] = [];
  let removed: string[] = [];
  let added: string[] = [];
  const flush = () => {
    for (let index = 0; index < Math.max(removed.length, added.length); index += 1) {
      const [l, r] = [removed[index] ?? null, added[index] ?? null];
      rows.push({
        left: l,
        right: r,
        change: l === null ? 'added' : r === null ? 'removed' : 'changed',
      });
    }
    removed = [];
    added = [];
  };
  let [i, j] = [0, 0];
  while (i < left.length || j < right.length) {
    if (i < left.length && j < right.length && left[i] === right[j]) {
      flush();
      rows.push({ left: left[i] ?? '', right: right[j] ?? '', change: 'same' });
      i += 1;
      j += 1;
    } else if (
      j < right.length &&
      (i === left.length || at(common, i, j + 1) >= at(common, i + 1, j))
    ) {
      added.push(right[j] ?? '');
      j += 1;
    } else {
      removed.push(left[i] ?? '');
      i += 1;
    }
  }
  flush();
  return rows;
}

/** `table[i][j]`: length of the longest common subsequence of `left[i..]` and `right[j..]`. */
function lcsTable(left: readonly string[], right: readonly string[]): number[][] {
  const table = Array.from({ length: left.length + 1 }, () =>
    new Array<number>(right.length + 1).fill(0),
  );
  for (let i = left.length - 1; i >= 0; i -= 1) {
    for (let j = right.length - 1; j >= 0; j -= 1) {
      const row = table[i] ?? [];
      row[j] =
        left[i] === right[j]
          ? at(table, i + 1, j + 1) + 1
          : Math.max(at(table, i + 1, j), at(table, i, j + 1));
    }
  }
  return table;
}

function at(table: number[][], i: number, j: number): number {
  return table[i]?.[j] ?? 0;
}

/** JSON with sorted keys, two-space indented: equal values give equal lines to compare. */
export function sortedJsonLines(value: unknown): string[] {
  return JSON.stringify(sortKeys(value), null, 2).split('\n');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, child]) => [key, sortKeys(child)]),
  );
}
