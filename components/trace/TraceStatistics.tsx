"use client";

import { useMemo, useState } from "react";
import type { OperationStats } from "@/lib/analysis/statistics";
import { formatDurationUs } from "@/lib/format/duration";
import { serviceColor } from "@/lib/format/service-color";

type Column = keyof Omit<OperationStats, "operation">;

const COLUMNS: [Column | "operation", string, "text" | "count" | "duration" | "share"][] = [
  ["service", "Service", "text"],
  ["operation", "Operation", "text"],
  ["count", "Count", "count"],
  ["totalUs", "Total", "duration"],
  ["selfUs", "Self", "duration"],
  ["avgUs", "Avg", "duration"],
  ["minUs", "Min", "duration"],
  ["maxUs", "Max", "duration"],
  ["p95Us", "p95", "duration"],
  ["criticalShare", "Critical path", "share"],
];

/** Per service and operation: how often, how long, how much of it its own, and its share of the critical path. */
export function TraceStatistics({ statistics }: { statistics: OperationStats[] }) {
  const [sort, setSort] = useState<{ column: Column | "operation"; descending: boolean }>({
    column: "criticalShare",
    descending: true,
  });
  const rows = useMemo(() => {
    const sign = sort.descending ? -1 : 1;
    return [...statistics].sort((a, b) => {
      const x = a[sort.column];
      const y = b[sort.column];
      return sign * (typeof x === "number" ? x - (y as number) : String(x).localeCompare(String(y)));
    });
  }, [statistics, sort]);

  return (
    <table className="w-full text-left text-sm" data-testid="trace-statistics">
      <thead className="border-b border-slate-200 text-xs text-slate-500 dark:border-slate-800">
        <tr>
          {COLUMNS.map(([column, label, kind]) => (
            <th
              key={column}
              className={`px-2 py-1 font-medium ${kind === "text" ? "" : "text-right"}`}
              aria-sort={sort.column === column ? (sort.descending ? "descending" : "ascending") : undefined}
            >
              <button
                type="button"
                className="hover:text-slate-900 dark:hover:text-slate-100"
                onClick={() =>
                  setSort((current) => ({
                    column,
                    descending: current.column === column ? !current.descending : kind !== "text",
                  }))
                }
                data-testid={`stats-sort-${column}`}
              >
                {label}
                {sort.column === column ? (sort.descending ? " ↓" : " ↑") : ""}
              </button>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr
            key={`${row.service}\u0000${row.operation}`}
            className="border-b border-slate-100 dark:border-slate-900"
            data-testid="stats-row"
          >
            {COLUMNS.map(([column, , kind]) => (
              <td key={column} className={`px-2 py-1 ${kind === "text" ? "" : "text-right tabular-nums"}`}>
                {column === "service" ? (
                  <span className="flex items-center gap-1.5">
                    <span className="size-2.5 rounded-sm" style={{ background: serviceColor(row.service) }} />
                    {row.service}
                  </span>
                ) : (
                  cell(row[column], kind)
                )}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function cell(value: string | number, kind: "text" | "count" | "duration" | "share"): string {
  if (typeof value === "string") return value;
  if (kind === "duration") return formatDurationUs(value);
  if (kind === "share") return `${(value * 100).toFixed(1)}%`;
  return String(value);
}
