"use client";

import { useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { formatDurationUs } from "@/lib/format/duration";
import { serviceColor } from "@/lib/format/service-color";
import { findInTrace } from "@/lib/trace/find";
import { rowWindow } from "@/lib/trace/timeline";
import type { TraceTree } from "@/lib/trace/tree";
import type { TraceViewProps } from "./trace-view-props";

const ROW_HEIGHT = 26;

type Column = "service" | "name" | "kind" | "start" | "duration" | "status";

const COLUMNS: [Column, string][] = [
  ["service", "Service"],
  ["name", "Operation"],
  ["kind", "Kind"],
  ["start", "Start"],
  ["duration", "Duration"],
  ["status", "Status"],
];

/** Every span as a sortable, filterable table, virtualised like the timeline. */
export function SpanTable({ tree, startUs, selectedRow, onSelect }: TraceViewProps) {
  const [sort, setSort] = useState<{ column: Column; descending: boolean }>({
    column: "duration",
    descending: true,
  });
  const [filter, setFilter] = useState("");
  const deferredFilter = useDeferredValue(filter);
  const order = useMemo(() => {
    const rows =
      deferredFilter.trim() === "" ? tree.rows.map((_, i) => i) : findInTrace(tree, deferredFilter);
    const value = (row: number): string | number => {
      const { span } = tree.rows[row] as TraceTree["rows"][number];
      switch (sort.column) {
        case "service":
          return span.serviceName;
        case "name":
          return span.name;
        case "kind":
          return span.kind;
        case "start":
          return span.startUs;
        case "duration":
          return span.durationUs;
        case "status":
          return span.status.code;
      }
    };
    const sign = sort.descending ? -1 : 1;
    return rows.sort((a, b) => {
      const x = value(a);
      const y = value(b);
      return sign * (typeof x === "number" ? x - (y as number) : x.localeCompare(y as string)) || a - b;
    });
  }, [tree, sort, deferredFilter]);

  const listRef = useRef<HTMLDivElement>(null);
  const [scroll, setScroll] = useState({ top: 0, height: 600 });
  useEffect(() => {
    const list = listRef.current;
    if (list) setScroll({ top: list.scrollTop, height: list.clientHeight });
  }, []);
  const { first, last } = rowWindow(scroll.top, scroll.height, ROW_HEIGHT, order.length);

  return (
    <div className="space-y-2 text-sm">
      <input
        type="search"
        placeholder="Filter spans (name, service, tag value)"
        className="w-72 rounded border border-slate-300 bg-transparent px-2 py-0.5 dark:border-slate-700"
        value={filter}
        onChange={(event) => setFilter(event.target.value)}
        data-testid="span-table-filter"
      />
      <div className="grid grid-cols-[10rem_minmax(0,1fr)_6rem_7rem_7rem_5rem] border-b border-slate-200 text-xs font-medium text-slate-500 dark:border-slate-800">
        {COLUMNS.map(([column, label]) => (
          <div key={column}>
            <button
              type="button"
              aria-pressed={sort.column === column}
              className="w-full px-2 py-1 text-left hover:text-slate-900 dark:hover:text-slate-100"
              onClick={() =>
                setSort((current) => ({
                  column,
                  descending: current.column === column ? !current.descending : column === "duration",
                }))
              }
              data-testid={`sort-${column}`}
            >
              {label}
              {sort.column === column ? (sort.descending ? " ↓" : " ↑") : ""}
            </button>
          </div>
        ))}
      </div>
      <div
        ref={listRef}
        className="relative h-[calc(100vh-18rem)] min-h-80 overflow-y-auto"
        onScroll={(event) =>
          setScroll({ top: event.currentTarget.scrollTop, height: event.currentTarget.clientHeight })
        }
        data-testid="span-table"
        data-row-count={order.length}
      >
        <div style={{ height: order.length * ROW_HEIGHT }} className="relative">
          {order.slice(first, last).map((row, i) => {
            const { span } = tree.rows[row] as TraceTree["rows"][number];
            return (
              <button
                key={row}
                type="button"
                className={`absolute inset-x-0 grid grid-cols-[10rem_minmax(0,1fr)_6rem_7rem_7rem_5rem] items-center text-left ${row === selectedRow ? "bg-sky-100 dark:bg-sky-950" : "hover:bg-slate-50 dark:hover:bg-slate-900"}`}
                style={{ top: (first + i) * ROW_HEIGHT, height: ROW_HEIGHT }}
                onClick={() => onSelect(row)}
                data-testid="span-table-row"
                data-span-id={span.spanId}
              >
                <span className="flex items-center gap-1.5 truncate px-2">
                  <span
                    className="size-2.5 shrink-0 rounded-sm"
                    style={{ background: serviceColor(span.serviceName) }}
                  />
                  {span.serviceName}
                </span>
                <span className="truncate px-2" title={span.name}>
                  {span.name || "(unnamed)"}
                </span>
                <span className="px-2 text-slate-500">{span.kind.toLowerCase()}</span>
                <span className="px-2 tabular-nums">+{formatDurationUs(span.startUs - startUs)}</span>
                <span className="px-2 tabular-nums" data-testid="span-table-duration">
                  {formatDurationUs(span.durationUs)}
                </span>
                <span className={`px-2 ${span.status.code === "ERROR" ? "text-red-600" : "text-slate-500"}`}>
                  {span.status.code.toLowerCase()}
                </span>
              </button>
            );
          })}
        </div>
      </div>
    </div>
  );
}
