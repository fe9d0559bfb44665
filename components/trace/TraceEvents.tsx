"use client";

import { useMemo } from "react";
import { groupedCountOf } from "@/lib/format/count";
import { eventAt, traceEvents } from "@/lib/trace/events";
import type { TraceRow } from "@/lib/trace/tree";
import { type EventEntry, EventsTable } from "./EventsTable";
import type { TraceViewProps } from "./trace-view-props";
import { useUrlParam } from "./useUrlParam";

/** Events per page: a 100k-span trace may carry hundreds of thousands; a page draws at once. */
const PAGE_SIZE = 100;

/**
 * Every event of the trace in time order, a page at a time (`?eventsPage=`, from 1, so a link opens
 * the same page); an event's span is selected from it.
 */
export function TraceEvents({ tree, selectedRow, onSelect }: TraceViewProps) {
  const events = useMemo(() => traceEvents(tree), [tree]);
  const [pageParam, setPageParam] = useUrlParam("eventsPage");
  const setPage = (page: number) => setPageParam(page === 0 ? null : String(page + 1));
  const pages = Math.max(1, Math.ceil(events.count / PAGE_SIZE));
  const current = Math.min(pageIndex(pageParam), pages - 1);
  const first = current * PAGE_SIZE;
  const last = Math.min(events.count, first + PAGE_SIZE);
  const shown = useMemo(
    () =>
      Array.from({ length: last - first }, (_, at): EventEntry => {
        const { row, event } = eventAt(tree, events, first + at);
        return { key: String(first + at), row, span: (tree.rows[row] as TraceRow).span, event };
      }),
    [tree, events, first, last],
  );

  if (events.count === 0) {
    return (
      <p className="text-sm text-slate-500" data-testid="trace-events">
        No span of this trace has events (logs, annotations).
      </p>
    );
  }
  return (
    <div className="space-y-2 text-sm" data-testid="trace-events">
      <div className="flex items-center gap-3 text-slate-600 dark:text-slate-400">
        <span data-testid="trace-events-range">
          {events.count > PAGE_SIZE
            ? `Events ${(first + 1).toLocaleString("en-US")}–${last.toLocaleString("en-US")} of ${events.count.toLocaleString("en-US")}`
            : groupedCountOf(events.count, "event")}
        </span>
        {pages > 1 && (
          <>
            <button
              type="button"
              className="rounded border border-slate-300 px-2 disabled:opacity-40 dark:border-slate-700"
              disabled={current === 0}
              onClick={() => setPage(current - 1)}
              data-testid="trace-events-previous"
            >
              Previous
            </button>
            <button
              type="button"
              className="rounded border border-slate-300 px-2 disabled:opacity-40 dark:border-slate-700"
              disabled={current === pages - 1}
              onClick={() => setPage(current + 1)}
              data-testid="trace-events-next"
            >
              Next
            </button>
          </>
        )}
      </div>
      <EventsTable
        events={shown}
        selectedRow={selectedRow}
        onSelectRow={onSelect}
        testId="trace-events-table"
      />
    </div>
  );
}

/** The 0-based page a `?eventsPage=` asks for: its first page for anything but a whole number ≥ 1. */
function pageIndex(param: string | null): number {
  const page = Number(param);
  return Number.isSafeInteger(page) && page >= 1 ? page - 1 : 0;
}
