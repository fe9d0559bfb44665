import type { StatColumn, StatSort } from "./statistics-columns";
import { nextSort } from "./statistics-columns";

/** A statistics table's header: each column a button that sorts by it, the sorted one marked. */
export function StatisticsHeader<Key extends string>({
  columns,
  sort,
  onSort,
}: {
  columns: readonly StatColumn<Key>[];
  sort: StatSort<Key>;
  onSort(sort: StatSort<Key>): void;
}) {
  return (
    <thead className="border-b border-slate-200 text-xs text-slate-500 dark:border-slate-800">
      <tr>
        {columns.map((column) => (
          <th
            key={column.key}
            className={`px-2 py-1 font-medium ${column.kind === "text" ? "" : "text-right"}`}
            aria-sort={
              sort.column === column.key ? (sort.descending ? "descending" : "ascending") : undefined
            }
          >
            <button
              type="button"
              className="hover:text-slate-900 dark:hover:text-slate-100"
              onClick={() => onSort(nextSort(sort, column))}
              data-testid={`stats-sort-${column.key}`}
            >
              {column.label}
              {sort.column === column.key ? (sort.descending ? " ↓" : " ↑") : ""}
            </button>
          </th>
        ))}
      </tr>
    </thead>
  );
}
