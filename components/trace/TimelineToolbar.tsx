"use client";

import type { ReactNode, RefObject } from "react";

/**
 * The timeline's controls: fold to a depth, find in the trace, re-root on the selected span, zoom.
 * State lives in TraceTimeline.
 */
export function TimelineToolbar({
  deepest,
  level,
  onFold,
  searchRef,
  query,
  onQueryChange,
  matchLabel,
  onStep,
  onZoomIn,
  onZoomOut,
  onResetZoom,
  focused,
  onToggleFocus,
}: {
  deepest: number;
  /** The depth the tree is folded to; undefined when every row is unfolded. */
  level: number | undefined;
  onFold(depth: number | undefined): void;
  searchRef: RefObject<HTMLInputElement | null>;
  query: string;
  onQueryChange(text: string): void;
  matchLabel: string;
  /** Undefined while nothing matches. */
  onStep: ((direction: 1 | -1) => void) | undefined;
  onZoomIn(): void;
  onZoomOut(): void;
  /** Undefined while the whole trace is in view. */
  onResetZoom: (() => void) | undefined;
  /** Whether the timeline is re-rooted on a span. */
  focused: boolean;
  /** Undefined while there is nothing to re-root on and nothing to undo. */
  onToggleFocus: (() => void) | undefined;
}) {
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="timeline-toolbar">
      <ToolButton onClick={() => onFold(0)}>Collapse all</ToolButton>
      <ToolButton onClick={() => onFold(Math.max(0, (level ?? deepest) - 1))}>−1 level</ToolButton>
      <ToolButton onClick={() => onFold(level === undefined || level + 1 >= deepest ? undefined : level + 1)}>
        +1 level
      </ToolButton>
      <ToolButton onClick={() => onFold(undefined)}>Expand all</ToolButton>
      <label className="flex items-center gap-1 text-slate-500">
        depth
        <select
          className="rounded border border-slate-300 bg-transparent px-1 dark:border-slate-700"
          value={level === undefined ? "all" : String(level)}
          onChange={(event) => onFold(event.target.value === "all" ? undefined : Number(event.target.value))}
          data-testid="depth-select"
        >
          {Array.from(Array(deepest).keys()).map((depth) => (
            <option key={depth} value={depth}>
              {depth + 1}
            </option>
          ))}
          <option value="all">all</option>
        </select>
      </label>
      <span className="mx-2 h-5 border-l border-slate-300 dark:border-slate-700" />
      <input
        ref={searchRef}
        type="search"
        placeholder="Find in trace (name, service, tag value)"
        className="w-72 rounded border border-slate-300 bg-transparent px-2 py-0.5 dark:border-slate-700"
        value={query}
        onChange={(event) => onQueryChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Enter") onStep?.(event.shiftKey ? -1 : 1);
        }}
        data-testid="trace-search"
      />
      <span className="tabular-nums text-slate-500" data-testid="trace-search-count">
        {matchLabel}
      </span>
      <ToolButton onClick={() => onStep?.(-1)} disabled={!onStep} label="Previous match">
        ↑
      </ToolButton>
      <ToolButton onClick={() => onStep?.(1)} disabled={!onStep} label="Next match">
        ↓
      </ToolButton>
      <span className="mx-2 h-5 border-l border-slate-300 dark:border-slate-700" />
      <ToolButton
        onClick={() => onToggleFocus?.()}
        disabled={!onToggleFocus}
        pressed={focused}
        title="Re-root the timeline on the selected span: its subtree, under the path from the root (f)"
      >
        Focus on span
      </ToolButton>
      <span className="ml-auto flex items-center gap-1">
        <ToolButton onClick={onZoomOut} label="Zoom out">
          −
        </ToolButton>
        <ToolButton onClick={onZoomIn} label="Zoom in">
          +
        </ToolButton>
        <ToolButton onClick={() => onResetZoom?.()} disabled={!onResetZoom}>
          Reset zoom
        </ToolButton>
      </span>
    </div>
  );
}

function ToolButton({
  children,
  onClick,
  disabled,
  label,
  title = label,
  pressed,
}: {
  children: ReactNode;
  onClick(): void;
  disabled?: boolean;
  label?: string;
  title?: string;
  /** For a toggle: whether it is on. */
  pressed?: boolean;
}) {
  return (
    <button
      type="button"
      className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100 disabled:opacity-40 aria-pressed:border-sky-600 aria-pressed:bg-sky-100 dark:border-slate-700 dark:hover:bg-slate-800 dark:aria-pressed:bg-sky-950"
      onClick={onClick}
      disabled={disabled}
      aria-label={label}
      aria-pressed={pressed}
      title={title}
    >
      {children}
    </button>
  );
}
