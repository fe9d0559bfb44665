import type { TraceTree } from "@/lib/trace/tree";

/** What every view of a trace (timeline, flame graph, span table) is given by the trace page. */
export interface TraceViewProps {
  tree: TraceTree;
  /** The trace's start and duration, on the times shown (skew-corrected or raw). */
  startUs: number;
  durationUs: number;
  /** A row of `tree.rows`; undefined when no span is selected. */
  selectedRow: number | undefined;
  onSelect(row: number | undefined): void;
}
