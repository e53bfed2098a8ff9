import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

export interface Column<T> {
  readonly label: string;
  /** The value sorted by; a column without one is not sortable. */
  readonly sortValue?: (row: T) => string | number;
  readonly cell: (row: T) => ComponentChildren;
}

/**
 * A table whose sortable column headers are buttons (`aria-sort` on the header says the
 * order), so sorting works from the keyboard.
 */
export function SortableTable<T>({
  caption,
  columns,
  rows,
  keyOf,
}: {
  caption: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  keyOf: (row: T) => string;
}) {
  const [sort, setSort] = useState<{ column: number; ascending: boolean }>({
    column: 0,
    ascending: true,
  });
  const sortValue = columns[sort.column]?.sortValue;
  const sorted =
    sortValue === undefined
      ? rows
      : [...rows].sort((a, b) => {
          const x = sortValue(a);
          const y = sortValue(b);
          const order = x < y ? -1 : x > y ? 1 : 0;
          return sort.ascending ? order : -order;
        });
  return (
    <div class="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column, index) => (
              <th
                key={column.label}
                scope="col"
                aria-sort={
                  index === sort.column ? (sort.ascending ? 'ascending' : 'descending') : undefined
                }
              >
                {column.sortValue === undefined ? (
                  column.label
                ) : (
                  <button
                    type="button"
                    class="sort"
                    onClick={() =>
                      setSort({
                        column: index,
                        ascending: index === sort.column ? !sort.ascending : true,
                      })
                    }
                  >
                    {column.label}
                  </button>
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={keyOf(row)}>
              {columns.map((column) => (
                <td key={column.label}>{column.cell(row)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
