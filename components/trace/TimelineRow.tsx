"use client";

import { type CSSProperties, memo } from "react";
import { groupedCountOf } from "@/lib/format/count";
import { formatDurationUs } from "@/lib/format/duration";
import { serviceColor } from "@/lib/format/service-color";
import type { RowMark } from "@/lib/trace/analysis-marks";
import { spanIcon } from "@/lib/trace/span-kind-icon";
import { type Bar, barInView, type View } from "@/lib/trace/timeline";
import type { TraceRow } from "@/lib/trace/tree";
import { SpanKindIcon } from "./SpanKindIcon";

/**
 * One span of the timeline: its label (fold toggle, kind icon, service and callee, name, marks) and
 * its bar on the view, with its events as ticks. Memoised: scrolling renders only the rows that come
 * on screen.
 */
export const TimelineRow = memo(function TimelineRow({
  row,
  index,
  top,
  height,
  indentPx,
  expandable,
  collapsed,
  hiddenCount,
  ancestor,
  callee,
  selected,
  matched,
  queryMatched,
  traceStartUs,
  durationUs,
  view,
  mark,
  showCriticalPath,
  onToggle,
  onSelect,
}: {
  row: TraceRow;
  index: number;
  top: number;
  height: number;
  /** Per level of depth: narrower in deep traces, so the deepest labels stay readable. */
  indentPx: number;
  expandable: boolean;
  collapsed: boolean;
  /** The spans folding this row hides: all its descendants. */
  hiddenCount: number;
  /** On the path from the root to the span the timeline is re-rooted on: drawn apart, above it. */
  ancestor: boolean;
  /** What a CLIENT or PRODUCER row calls (lib/trace/span-peer.ts), shown as "service → callee". */
  callee: string | undefined;
  selected: boolean;
  matched: boolean;
  /** Selected by the page's TraceQL query: marked at its left edge, beside find's highlight. */
  queryMatched: boolean;
  traceStartUs: number;
  durationUs: number;
  view: View;
  /** From the trace's analysis, once it has loaded. */
  mark: RowMark | undefined;
  showCriticalPath: boolean;
  onToggle(index: number): void;
  onSelect(index: number): void;
}) {
  const { span, depth, orphan, skewUs } = row;
  const error = span.status.code === "ERROR";
  const color = serviceColor(span.serviceName);
  const bar = barInView(span.startUs - traceStartUs, span.durationUs, durationUs, view);
  const place = durationPlace(bar);
  const icon = spanIcon(span);
  // An ancestor of the focused span shows only the path through it: it does not fold.
  const foldable = expandable && !ancestor;
  const folded = foldable && collapsed;
  const background = selected
    ? "bg-sky-100 dark:bg-sky-950"
    : matched
      ? "bg-amber-100 dark:bg-amber-950/60"
      : ancestor
        ? "bg-slate-100 text-slate-500 hover:bg-slate-200 dark:bg-slate-900 dark:hover:bg-slate-800"
        : "hover:bg-slate-50 dark:hover:bg-slate-900";
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the list handles the keyboard for every row (TraceTimeline).
    <div
      role="treeitem"
      aria-selected={selected}
      aria-expanded={foldable ? !folded : undefined}
      aria-level={depth + 1}
      tabIndex={-1}
      className={`absolute inset-x-0 grid cursor-pointer grid-cols-[minmax(14rem,35%)_1fr] items-center text-sm ${background}`}
      style={{ top, height }}
      onClick={() => onSelect(index)}
      data-testid="span-row"
      data-span-id={span.spanId}
      data-matched={matched || undefined}
      data-query-matched={queryMatched || undefined}
      data-ancestor={ancestor || undefined}
      title={ancestor ? "On the path to the focused span: click to re-root the timeline here" : undefined}
    >
      {queryMatched && (
        <span
          className="absolute inset-y-0 left-0 w-1 bg-violet-600 dark:bg-violet-400"
          title="Matched by the query"
          data-testid="query-match-mark"
        />
      )}
      <div className="flex min-w-0 items-center gap-1.5 pr-2" style={{ paddingLeft: depth * indentPx }}>
        <button
          type="button"
          className={`w-4 shrink-0 text-xs text-slate-500 ${foldable ? "" : "invisible"}`}
          onClick={(event) => {
            event.stopPropagation();
            onToggle(index);
          }}
          aria-label={folded ? "Expand" : "Collapse"}
          tabIndex={-1}
          data-testid="span-toggle"
        >
          {folded ? "▸" : "▾"}
        </button>
        <span className="h-3.5 w-1 shrink-0 rounded-sm" style={{ background: color }} />
        <SpanKindIcon icon={icon} />
        <span
          className="max-w-[60%] shrink-0 truncate text-slate-500"
          title={callee !== undefined ? `${span.serviceName} calls ${callee}` : undefined}
          data-testid="span-service"
        >
          {span.serviceName}
          {callee !== undefined && ` → ${callee}`}
        </span>
        <span className="truncate" title={span.name}>
          {span.name || "(unnamed)"}
        </span>
        {folded && (
          <span
            className="shrink-0 rounded bg-slate-200 px-1 text-[10px] tabular-nums text-slate-700 dark:bg-slate-700 dark:text-slate-200"
            title={`${groupedCountOf(hiddenCount, "span")} hidden`}
            data-testid="hidden-count"
          >
            +{hiddenCount.toLocaleString("en-US")}
          </span>
        )}
        {error && (
          <span
            className="shrink-0 text-xs font-semibold text-red-600"
            title={span.status.message ?? "error"}
          >
            !
          </span>
        )}
        {orphan && (
          <span className="shrink-0 text-xs text-amber-600" title="Its parent span is not in the trace">
            orphan
          </span>
        )}
        {skewUs !== undefined && skewUs !== 0 && (
          <span
            className="shrink-0 text-xs text-violet-600"
            title={`Shifted ${skewUs > 0 ? "+" : "−"}${formatDurationUs(Math.abs(skewUs))} for clock skew`}
            data-testid="skew-mark"
          >
            skew
          </span>
        )}
        {mark && <AnalysisBadges mark={mark} />}
      </div>
      <div className="relative h-full">
        {bar && (
          <span
            className={`absolute top-1/2 h-3 -translate-y-1/2 overflow-hidden rounded-sm ${ancestor ? "opacity-40" : ""} ${error ? "ring-2 ring-red-500" : mark?.anomalous ? "ring-2 ring-amber-500" : ""}`}
            style={{ left: `${bar.left}%`, width: `max(${bar.width}%, 1px)`, background: color }}
          >
            {showCriticalPath &&
              mark?.critical.map((segment) => {
                const at = barInView(
                  segment.startUs - traceStartUs,
                  segment.endUs - segment.startUs,
                  durationUs,
                  view,
                );
                return at ? (
                  <span
                    key={segment.startUs}
                    className="absolute bottom-0 h-1/2 bg-slate-900/80 dark:bg-white/80"
                    style={{
                      left: `${((at.left - bar.left) / Math.max(bar.width, 1e-9)) * 100}%`,
                      width: `max(${(at.width / Math.max(bar.width, 1e-9)) * 100}%, 1px)`,
                    }}
                    data-testid="critical-segment"
                  />
                ) : null;
              })}
            {span.events.map((event) => {
              const at = barInView(event.timeUs - traceStartUs, 0, durationUs, view);
              return at ? (
                <span
                  key={`${event.timeUs}:${event.name}`}
                  className="absolute inset-y-0 w-px bg-slate-900/60 dark:bg-white/70"
                  style={{ left: `${((at.left - bar.left) / Math.max(bar.width, 1e-9)) * 100}%` }}
                  title={event.name}
                />
              ) : null;
            })}
          </span>
        )}
        <span
          className={`absolute top-1/2 -translate-y-1/2 whitespace-nowrap px-1 text-xs tabular-nums ${place.inside ? "font-medium text-white" : "text-slate-500"}`}
          style={place.style}
          data-testid="span-duration"
        >
          {formatDurationUs(span.durationUs)}
        </span>
      </div>
    </div>
  );
});

/**
 * Where a bar's duration goes: after the bar when there is room, else before it, else (a bar across
 * the whole view) inside its right end.
 */
function durationPlace(bar: Bar | undefined): { style: CSSProperties; inside: boolean } {
  if (!bar) return { style: { left: 0 }, inside: false };
  const end = bar.left + bar.width;
  if (end <= 75) return { style: { left: `${end}%` }, inside: false };
  if (bar.left >= 25) return { style: { right: `${100 - bar.left}%` }, inside: false };
  return { style: { right: `${100 - end}%` }, inside: true };
}

/** Self time, the percentile in the operation's history, and why a span stands out. */
function AnalysisBadges({ mark }: { mark: RowMark }) {
  return (
    <span className="ml-auto flex shrink-0 items-center gap-1 text-[10px] tabular-nums">
      {mark.errorRoot && (
        <span
          className="rounded bg-red-600 px-1 font-semibold text-white"
          title="Error root: the deepest failing span whose error no failing child explains"
          data-testid="error-root-badge"
        >
          error root
        </span>
      )}
      {mark.anomalous && (
        <span
          className="rounded bg-amber-500 px-1 font-semibold text-white"
          title={`Slower than its operation usually is: ${mark.slowdown?.toFixed(1)}× its usual p99`}
          data-testid="anomaly-badge"
        >
          {mark.slowdown !== undefined ? `${mark.slowdown.toFixed(mark.slowdown < 10 ? 1 : 0)}× p99` : "slow"}
        </span>
      )}
      {mark.percentile !== null && !mark.anomalous && (
        <span
          className="rounded bg-slate-100 px-1 text-slate-600 dark:bg-slate-800 dark:text-slate-300"
          title="Where this duration falls in its operation's recent history"
          data-testid="percentile-badge"
        >
          p{Math.min(99, Math.floor(mark.percentile * 100))}
        </span>
      )}
      <span
        className="text-slate-500"
        title="Self time: not spent in its children"
        data-testid="self-time-badge"
      >
        self {formatDurationUs(mark.selfTimeUs)}
      </span>
    </span>
  );
}
