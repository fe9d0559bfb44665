"use client";

import { useMemo, useState } from "react";
import type { GroupStats } from "@/lib/analysis/group-statistics";
import { dimensionName, type SpanDimension, tagKey } from "@/lib/analysis/span-dimensions";
import { groupedCountOf } from "@/lib/format/count";
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

type Column = "label" | (typeof NUMBER_COLUMNS)[number]["key"] | "errors" | "criticalShare";

/**
 * The spans grouped by one dimension, each group's sub-groups by a second nested under it (shown
 * until its group is folded), sorted by any column within their group, merged "other" rows last.
 */
export function GroupedStatisticsTable({
  groups,
  by,
  then,
}: {
  groups: GroupStats[];
  by: SpanDimension;
  then: SpanDimension | undefined;
}) {
  const [sort, setSort] = useState<StatSort<Column>>({ column: "totalUs", descending: true });
  const [folded, setFolded] = useState<ReadonlySet<string>>(new Set());
  const columns: readonly StatColumn<Column>[] = [
    {
      key: "label",
      label: then ? `${dimensionName(by)} › ${dimensionName(then)}` : dimensionName(by),
      kind: "text",
    },
    ...NUMBER_COLUMNS,
    { key: "errors", label: "Errors", kind: "errors" },
    CRITICAL_COLUMN,
  ];
  const sorted = useMemo(() => {
    const order = (rows: GroupStats[], dimension: SpanDimension) =>
      rows
        .map((row) => ({ row, id: `${row.kind}\u0000${row.value ?? ""}`, label: labelOf(row, dimension) }))
        .sort(
          (a, b) =>
            Number(a.row.kind === "other") - Number(b.row.kind === "other") ||
            compareCells(
              sort.column === "label" ? a.label : a.row[sort.column],
              sort.column === "label" ? b.label : b.row[sort.column],
              sort.descending,
            ),
        );
    return order(groups, by).map((group) => ({
      ...group,
      subgroups: then ? order(group.row.subgroups, then) : [],
    }));
  }, [groups, by, then, sort]);
  const toggle = (id: string) =>
    setFolded((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <table className="w-full text-left text-sm" data-testid="trace-statistics">
      <StatisticsHeader columns={columns} sort={sort} onSort={setSort} />
      {sorted.map(({ row, id, label, subgroups }) => {
        const open = !folded.has(id);
        return (
          <tbody
            key={id}
            className="border-b border-slate-200 dark:border-slate-800"
            data-testid="stats-group"
          >
            <tr data-testid="stats-group-row">
              <td className="px-2 py-1">
                <span className="flex items-center gap-1.5">
                  {subgroups.length > 0 && (
                    <button
                      type="button"
                      className="w-4 text-slate-500 hover:text-slate-900 dark:hover:text-slate-100"
                      aria-expanded={open}
                      aria-label={`${open ? "Fold" : "Unfold"} ${label}`}
                      onClick={() => toggle(id)}
                      data-testid="stats-group-toggle"
                    >
                      {open ? "▾" : "▸"}
                    </button>
                  )}
                  <Label row={row} label={label} dimension={by} />
                </span>
              </td>
              <NumberCells row={row} columns={columns} />
            </tr>
            {open &&
              subgroups.map((sub) => (
                <tr
                  key={sub.id}
                  className="text-slate-600 dark:text-slate-400"
                  data-testid="stats-subgroup-row"
                >
                  <td className="py-0.5 pr-2 pl-10">
                    <span className="flex items-center gap-1.5">
                      <Label row={sub.row} label={sub.label} dimension={then as SpanDimension} />
                    </span>
                  </td>
                  <NumberCells row={sub.row} columns={columns} />
                </tr>
              ))}
          </tbody>
        );
      })}
    </table>
  );
}

/** What a row is called: its value, "without <key>" for spans lacking the tag, or "N other values". */
function labelOf(row: GroupStats, dimension: SpanDimension): string {
  if (row.kind === "other") return groupedCountOf(row.merged ?? 0, "other value");
  if (row.kind === "missing") return `without ${tagKey(dimension) ?? dimensionName(dimension)}`;
  return row.value === "" ? "(empty)" : (row.value as string);
}

function Label({ row, label, dimension }: { row: GroupStats; label: string; dimension: SpanDimension }) {
  return (
    <>
      {dimension === "service" && row.kind === "value" && (
        <span
          className="size-2.5 shrink-0 rounded-sm"
          style={{ background: serviceColor(row.value as string) }}
        />
      )}
      <span
        className={row.kind === "value" ? "break-all" : "italic text-slate-500"}
        data-testid="stats-label"
      >
        {label}
      </span>
    </>
  );
}

function NumberCells({ row, columns }: { row: GroupStats; columns: readonly StatColumn<Column>[] }) {
  return columns.map(({ key, kind }) =>
    key === "label" ? null : (
      <td
        key={key}
        className={`px-2 py-0.5 text-right tabular-nums ${kind === "errors" && row.errors > 0 ? "font-medium text-red-600" : ""}`}
        data-testid={`stats-${key}`}
      >
        {cellText(row[key], kind)}
      </td>
    ),
  );
}
