"use client";

import { useMemo, useState } from "react";
import type { OperationStats } from "@/lib/analysis/statistics";
import { serviceColor } from "@/lib/format/service-color";
import { StatisticsHeader } from "./StatisticsHeader";
import {
  CRITICAL_COLUMN,
  cellText,
  compareCells,
  NUMBER_COLUMNS,
  type StatColumn,
  type StatSort,
} from "./statistics-columns";

type Column = keyof OperationStats;

const COLUMNS: readonly StatColumn<Column>[] = [
  { key: "service", label: "Service", kind: "text" },
  { key: "operation", label: "Operation", kind: "text" },
  ...NUMBER_COLUMNS,
  CRITICAL_COLUMN,
];

/** Per service and operation: how often, how long, how much of it its own, and its share of the critical path. */
export function OperationStatisticsTable({ statistics }: { statistics: OperationStats[] }) {
  const [sort, setSort] = useState<StatSort<Column>>({ column: "criticalShare", descending: true });
  const rows = useMemo(
    () => [...statistics].sort((a, b) => compareCells(a[sort.column], b[sort.column], sort.descending)),
    [statistics, sort],
  );

  return (
    <table className="w-full text-left text-sm" data-testid="trace-statistics">
      <StatisticsHeader columns={COLUMNS} sort={sort} onSort={setSort} />
      <tbody>
        {rows.map((row) => (
          <tr
            key={`${row.service}\u0000${row.operation}`}
            className="border-b border-slate-100 dark:border-slate-900"
            data-testid="stats-row"
          >
            {COLUMNS.map(({ key, kind }) => (
              <td key={key} className={`px-2 py-1 ${kind === "text" ? "" : "text-right tabular-nums"}`}>
                {key === "service" ? (
                  <span className="flex items-center gap-1.5">
                    <span className="size-2.5 rounded-sm" style={{ background: serviceColor(row.service) }} />
                    {row.service}
                  </span>
                ) : (
                  cellText(row[key], kind)
                )}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
