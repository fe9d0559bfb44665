import { groupedCountOf } from "@/lib/format/count";
import type { Span } from "@/lib/model/span";

/** Says which span the timeline is re-rooted on and how much of the trace that shows, with the way back. */
export function TimelineFocusBar({
  span,
  subtreeSpans,
  totalSpans,
  onShowWholeTrace,
}: {
  span: Span;
  /** The focused span and its descendants. */
  subtreeSpans: number;
  totalSpans: number;
  onShowWholeTrace(): void;
}) {
  return (
    <div
      role="status"
      className="flex flex-wrap items-center gap-2 rounded border border-sky-300 bg-sky-50 px-3 py-1 text-sm dark:border-sky-800 dark:bg-sky-950"
      data-testid="timeline-focus-bar"
    >
      <span className="min-w-0 break-all">
        Focused on{" "}
        <strong>
          {span.serviceName} {span.name}
        </strong>
        : {groupedCountOf(subtreeSpans, "span")} of {totalSpans.toLocaleString("en-US")}, the path to the root
        above it
      </span>
      <button
        type="button"
        className="ml-auto rounded border border-slate-300 px-2 py-0.5 hover:bg-white dark:border-slate-700 dark:hover:bg-slate-900"
        onClick={onShowWholeTrace}
        title="Show the whole trace again (f)"
      >
        Show whole trace
      </button>
    </div>
  );
}
