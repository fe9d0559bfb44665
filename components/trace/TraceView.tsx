"use client";

import { useMemo, useState } from "react";
import { useTraceQuery } from "@/components/queries/useTraceQuery";
import { countOf } from "@/lib/format/count";
import type { Span } from "@/lib/model/span";
import { applySkewCorrection, correctClockSkew } from "@/lib/trace/skew";
import { summariseTrace } from "@/lib/trace/summary";
import { buildTraceTree } from "@/lib/trace/tree";
import { rowsOfSpans, stepRow, traceqlMarks } from "@/lib/traceql/trace-marks";
import { CompareWithTypical } from "./CompareWithTypical";
import { FlameGraph } from "./FlameGraph";
import { SpanDetails } from "./SpanDetails";
import { SpanTable } from "./SpanTable";
import { TraceEvents } from "./TraceEvents";
import { TraceGraph } from "./TraceGraph";
import { TraceHeader } from "./TraceHeader";
import { TraceJson } from "./TraceJson";
import { TraceQLBanner } from "./TraceQLBanner";
import { TraceStatistics } from "./TraceStatistics";
import { TraceTimeline } from "./TraceTimeline";
import type { TraceViewProps } from "./trace-view-props";
import { useTraceAnalysis } from "./useTraceAnalysis";
import { useUrlParam } from "./useUrlParam";

const TABS = [
  ["timeline", "Timeline"],
  ["flame", "Flame graph"],
  ["graph", "Graph"],
  ["stats", "Statistics"],
  ["table", "Span table"],
  ["events", "Events"],
  ["json", "JSON"],
] as const;
type Tab = (typeof TABS)[number][0];

/** The trace page's client side: loads the trace, then its views, every choice kept in the URL. */
export function TraceView({ traceId }: { traceId: string }) {
  const trace = useTraceQuery(traceId);
  if (trace.isPending) {
    return <p className="text-sm text-slate-500">Loading trace {traceId}…</p>;
  }
  if (trace.isError) {
    return (
      <p role="alert" className="text-sm text-red-600">
        Could not load trace {traceId}: {trace.error.message}
      </p>
    );
  }
  const { spans, totalSpans } = trace.data;
  return (
    <>
      {spans.length < totalSpans && <TruncatedTraceBanner shown={spans.length} total={totalSpans} />}
      <LoadedTrace traceId={traceId} spans={spans} />
    </>
  );
}

/** Says that the trace is larger than one read returns, and what is shown instead. */
function TruncatedTraceBanner({ shown, total }: { shown: number; total: number }) {
  return (
    <p
      role="status"
      className="mb-3 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200"
      data-testid="truncated-banner"
    >
      This trace has {total.toLocaleString("en-US")} spans; showing the first {shown.toLocaleString("en-US")}{" "}
      by start time (the server's limit, TRACELIGHT_MAX_TRACE_SPANS).
    </p>
  );
}

function LoadedTrace({ traceId, spans }: { traceId: string; spans: Span[] }) {
  const [tabParam, setTab] = useUrlParam("tab");
  const [skewParam, setSkew] = useUrlParam("skew");
  const [spanParam, setSpan] = useUrlParam("span");
  const [criticalParam, setCritical] = useUrlParam("critical");
  const [queryParam, setQuery] = useUrlParam("q");
  const tab: Tab = TABS.some(([id]) => id === tabParam) ? (tabParam as Tab) : "timeline";
  const rawTimes = skewParam === "off";
  const showCriticalPath = criticalParam === "on";
  const rawTree = useMemo(() => buildTraceTree(spans), [spans]);
  const correction = useMemo(() => correctClockSkew(rawTree), [rawTree]);
  const tree = useMemo(
    () => (rawTimes ? rawTree : applySkewCorrection(rawTree, correction)),
    [rawTimes, rawTree, correction],
  );
  const stats = useMemo(() => summariseTrace(tree), [tree]);
  const analysis = useTraceAnalysis(traceId, rawTree, tree);
  const rowOfSpan = useMemo(() => {
    const rows = new Map<string, number>();
    tree.rows.forEach(({ span }, row) => {
      if (!rows.has(span.spanId)) rows.set(span.spanId, row);
    });
    return rows;
  }, [tree]);
  // The selection is a row: the two halves of a Zipkin shared span have one span id. The URL keeps
  // the span id, which a shared link opens at its first row.
  const [selectedRow, setSelectedRow] = useState(() =>
    spanParam === null ? undefined : rowOfSpan.get(spanParam),
  );
  const select = (row: number | undefined) => {
    setSelectedRow(row);
    setSpan(row === undefined ? null : (tree.rows[row]?.span.spanId ?? null));
  };
  const selected = selectedRow === undefined ? undefined : tree.rows[selectedRow];
  // A TraceQL search's query marks the spans it selects, evaluated on the spans as stored.
  const marks = useMemo(
    () => (queryParam ? traceqlMarks(queryParam, spans) : undefined),
    [queryParam, spans],
  );
  const queryRows = useMemo(
    () => (marks && "spanIds" in marks ? rowsOfSpans(tree.rows, marks.spanIds) : undefined),
    [marks, tree],
  );
  const queryMatched = useMemo(() => (queryRows ? new Set(queryRows) : undefined), [queryRows]);
  const viewProps: TraceViewProps = {
    tree,
    startUs: stats.startUs,
    durationUs: stats.durationUs,
    selectedRow,
    onSelect: select,
  };

  return (
    <section className="space-y-3">
      {queryParam && marks && (
        <TraceQLBanner
          query={queryParam}
          result={"error" in marks ? marks : { count: queryRows?.length ?? 0 }}
          onStep={(direction) => {
            const row = stepRow(queryRows ?? [], selectedRow, direction);
            if (row !== undefined) select(row);
          }}
          onClear={() => setQuery(null)}
        />
      )}
      <TraceHeader
        traceId={traceId}
        tree={tree}
        stats={stats}
        diagnosis={
          analysis.data?.summary ??
          (analysis.error ? `Analysis failed: ${analysis.error.message}` : undefined)
        }
        actions={
          <CompareWithTypical
            traceId={traceId}
            root={{ service: stats.rootService, operation: stats.rootName, startUs: stats.startUs }}
          />
        }
      />
      <div className="flex flex-wrap items-center gap-4 border-b border-slate-200 text-sm dark:border-slate-800">
        <nav className="flex gap-1" aria-label="Trace views">
          {TABS.map(([id, label]) => (
            <button
              key={id}
              type="button"
              className={`-mb-px border-b-2 px-3 py-1.5 ${tab === id ? "border-sky-600 font-medium" : "border-transparent text-slate-500 hover:text-slate-900 dark:hover:text-slate-100"}`}
              aria-current={tab === id ? "page" : undefined}
              onClick={() => setTab(id === "timeline" ? null : id)}
              data-testid={`tab-${id}`}
            >
              {label}
            </button>
          ))}
        </nav>
        <label
          className="ml-auto flex items-center gap-1.5 pb-1 text-slate-600 dark:text-slate-400"
          title="Marks the span segments that determined the trace's duration"
        >
          <input
            type="checkbox"
            checked={showCriticalPath}
            onChange={(event) => setCritical(event.target.checked ? "on" : null)}
            data-testid="critical-path-toggle"
          />
          Critical path
        </label>
        <label
          className="flex items-center gap-1.5 pb-1 text-slate-600 dark:text-slate-400"
          title="Children that start before their parent or end after it because of host clocks are shifted into it"
        >
          <input
            type="checkbox"
            checked={!rawTimes}
            onChange={(event) => setSkew(event.target.checked ? null : "off")}
            data-testid="skew-toggle"
          />
          Correct clock skew
          <span className="text-xs text-slate-500" data-testid="skew-count">
            ({countOf(correction.adjustedCount, "span")} shifted)
          </span>
        </label>
      </div>
      <div className={selected ? "grid grid-cols-[minmax(0,1fr)_24rem] gap-3" : undefined}>
        <div className="min-w-0">
          {tab === "timeline" && (
            <TraceTimeline
              {...viewProps}
              analysis={analysis.data}
              showCriticalPath={showCriticalPath}
              queryMatched={queryMatched}
            />
          )}
          {tab === "flame" && <FlameGraph {...viewProps} />}
          {tab === "graph" && <TraceGraph {...viewProps} self={analysis.timing.self} />}
          {tab === "stats" && (
            <TraceStatistics tree={tree} timing={analysis.timing} statistics={analysis.data?.statistics} />
          )}
          {tab === "table" && <SpanTable {...viewProps} />}
          {tab === "events" && <TraceEvents {...viewProps} />}
          {tab === "json" && <TraceJson traceId={traceId} spans={spans} />}
        </div>
        {selected && (
          <SpanDetails
            row={selected}
            traceStartUs={stats.startUs}
            onSelectSpan={(spanId) => {
              const row = rowOfSpan.get(spanId);
              if (row !== undefined) select(row);
            }}
            onClose={() => select(undefined)}
          />
        )}
      </div>
    </section>
  );
}
