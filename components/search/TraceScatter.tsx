"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import type { TraceSummary } from "@/lib/api/trace-summary";
import { countOf } from "@/lib/format/count";
import { formatDurationUs } from "@/lib/format/duration";
import { serviceColor } from "@/lib/format/service-color";
import { formatTimestampUs } from "@/lib/format/time";
import { type ScatterDot, scatterLayout, type TimeWindow } from "@/lib/search/scatter";
import { type ScatterBrush, useScatterBrush } from "./useScatterBrush";

const HEIGHT = 220;
const ERROR_COLOR = "#dc2626";
const ERROR_OUTLINE = "#7f1d1d";

/**
 * Search results as dots: start time across, duration up (log scale), span count as area, red when a
 * span failed. Hover or focus a dot for its summary, click it (or Enter) to open the trace, drag
 * across the plot to search the brushed time window instead, or, brushing durations, up the plot to
 * compare the traces slower than its lower edge with the rest (useScatterBrush; Escape cancels).
 */
export function TraceScatter({
  traces,
  window,
  onOpen,
  brush: brushAs,
}: {
  traces: TraceSummary[];
  window?: TimeWindow;
  onOpen(traceId: string): void;
  brush: ScatterBrush;
}) {
  const containerRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [hovered, setHovered] = useState<string | null>(null);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry?.contentRect.width ?? 0)));
    observer.observe(container);
    return () => observer.disconnect();
  }, []);

  const layout = useMemo(
    () => scatterLayout(traces, { width, height: HEIGHT }, window),
    [traces, width, window],
  );
  const byId = useMemo(() => new Map(traces.map((trace) => [trace.traceId, trace])), [traces]);
  const { plot } = layout;
  const { rect: brush, handlers } = useScatterBrush(layout, brushAs);

  const hoveredDot = brush ? undefined : layout.dots.find((dot) => dot.traceId === hovered);
  const hoveredTrace = hovered ? byId.get(hovered) : undefined;
  return (
    <div
      ref={containerRef}
      className="relative w-full"
      style={{ height: HEIGHT }}
      data-testid="trace-scatter"
    >
      {width > 0 && (
        <svg
          width={width}
          height={HEIGHT}
          className="cursor-crosshair touch-none select-none text-slate-500 dark:text-slate-400"
          {...handlers}
        >
          <title>Search results by start time (UTC) and duration</title>
          <g className="stroke-slate-200 dark:stroke-slate-800" fontSize={10}>
            {layout.yTicks.map((tick) => (
              <g key={tick.label} transform={`translate(0,${tick.px})`}>
                <line x1={plot.left} x2={plot.right} />
                <text x={plot.left - 6} dy="0.32em" textAnchor="end" fill="currentColor" stroke="none">
                  {tick.label}
                </text>
              </g>
            ))}
            {layout.xTicks.map((tick) => (
              <g key={tick.label} transform={`translate(${tick.px},0)`}>
                <line y1={plot.bottom} y2={plot.bottom + 4} stroke="currentColor" />
                <text y={plot.bottom + 15} textAnchor="middle" fill="currentColor" stroke="none">
                  {tick.label}
                </text>
              </g>
            ))}
            <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} stroke="currentColor" />
            <text x={plot.left - 6} y={plot.bottom + 15} textAnchor="end" fill="currentColor" stroke="none">
              UTC
            </text>
          </g>
          {layout.dots.map((dot) => (
            <Dot
              key={dot.traceId}
              dot={dot}
              trace={byId.get(dot.traceId) as TraceSummary}
              onOpen={onOpen}
              onHover={setHovered}
            />
          ))}
          {brush && (
            <rect
              {...brush}
              className="pointer-events-none fill-sky-500/15 stroke-sky-600 dark:stroke-sky-400"
              data-testid="scatter-brush"
            />
          )}
        </svg>
      )}
      {width > 0 && layout.dots.length === 0 && (
        <p className="absolute inset-0 flex items-center justify-center text-sm text-slate-500">
          No traces to plot.
        </p>
      )}
      {hoveredDot && hoveredTrace && <Tooltip dot={hoveredDot} trace={hoveredTrace} width={width} />}
    </div>
  );
}

function Dot({
  dot,
  trace,
  onOpen,
  onHover,
}: {
  dot: ScatterDot;
  trace: TraceSummary;
  onOpen(traceId: string): void;
  onHover(traceId: string | null): void;
}) {
  const color = dot.error ? ERROR_COLOR : serviceColor(trace.rootService);
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG shape cannot be a <button>; tabIndex and keys make it one.
    <circle
      cx={dot.x}
      cy={dot.y}
      r={dot.r}
      fill={color}
      // Errors opaque and outlined darker: some service colours are near red.
      fillOpacity={dot.error ? 0.9 : 0.6}
      stroke={dot.error ? ERROR_OUTLINE : color}
      className="cursor-pointer outline-none hover:stroke-slate-900 focus-visible:stroke-slate-900 focus-visible:stroke-2 dark:hover:stroke-white dark:focus-visible:stroke-white"
      role="button"
      tabIndex={0}
      aria-label={label(trace)}
      data-testid="scatter-dot"
      data-trace-id={dot.traceId}
      onClick={() => onOpen(dot.traceId)}
      onKeyDown={(event) => {
        if (event.key !== "Enter" && event.key !== " ") return;
        event.preventDefault();
        onOpen(dot.traceId);
      }}
      onPointerEnter={() => onHover(dot.traceId)}
      onPointerLeave={() => onHover(null)}
      onFocus={() => onHover(dot.traceId)}
      onBlur={() => onHover(null)}
    />
  );
}

function Tooltip({ dot, trace, width }: { dot: ScatterDot; trace: TraceSummary; width: number }) {
  const facts = summaryFacts(trace);
  // Beside the dot, on whichever side has more room.
  const onLeft = dot.x > width / 2;
  return (
    <div
      className="pointer-events-none absolute z-10 w-max max-w-xs rounded border border-slate-200 bg-white px-2 py-1 text-xs text-slate-900 shadow dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      style={{
        top: dot.y,
        left: onLeft ? dot.x - dot.r - 8 : dot.x + dot.r + 8,
        transform: `translate(${onLeft ? "-100%" : "0"}, -50%)`,
      }}
      role="tooltip"
      data-testid="scatter-tooltip"
    >
      <div className="font-medium">{facts.name}</div>
      <div className="tabular-nums">
        {facts.duration} · {facts.spans} ·{" "}
        <span className={trace.errorCount > 0 ? "text-red-700 dark:text-red-300" : "text-slate-500"}>
          {facts.errors}
        </span>
        {facts.status && ` · ${facts.status}`}
      </div>
      <div className="text-slate-500">{facts.start}</div>
    </div>
  );
}

/** What the tooltip shows and a screen reader reads for a dot. */
function summaryFacts(trace: TraceSummary) {
  return {
    name: `${trace.rootService}: ${trace.rootName || "(unnamed)"}`,
    duration: formatDurationUs(trace.durationUs),
    spans: countOf(trace.spanCount, "span"),
    errors: countOf(trace.errorCount, "error"),
    status: trace.rootHttpStatus === null ? undefined : `HTTP ${trace.rootHttpStatus}`,
    start: formatTimestampUs(trace.startUs),
  };
}

function label(trace: TraceSummary): string {
  const { name, duration, spans, errors, status, start } = summaryFacts(trace);
  return [name, duration, spans, errors, status, `started ${start}`].filter(Boolean).join(", ");
}
