import Link from "next/link";
import { formatBytes } from "@/lib/format/bytes";
import { countOf } from "@/lib/format/count";
import { sentPercent, type Upload, uploadStateLabel } from "@/lib/upload/upload-queue";

// A file can hold thousands of traces; past this many, the rest are counted, not linked.
const MAX_TRACE_LINKS = 20;

const STATE_COLOURS: Record<Upload["state"]["kind"], string> = {
  waiting: "text-slate-500",
  uploading: "text-sky-700 dark:text-sky-400",
  stored: "text-emerald-700 dark:text-emerald-400",
  refused: "text-red-700 dark:text-red-400",
};

/** One uploaded file: its name, size and state, then its traces or the server's reason for refusing it. */
export function UploadedFile({ upload }: { upload: Upload }) {
  const { name, sizeBytes, state } = upload;
  return (
    <li className="space-y-1 py-2" data-testid="upload-file" data-file-name={name} data-state={state.kind}>
      <div className="flex items-baseline gap-3">
        <span className="min-w-0 truncate font-medium" title={name}>
          {name}
        </span>
        <span className="shrink-0 text-xs tabular-nums text-slate-500">{formatBytes(sizeBytes)}</span>
        <span
          className={`ml-auto shrink-0 text-sm tabular-nums ${STATE_COLOURS[state.kind]}`}
          data-testid="upload-state"
        >
          {uploadStateLabel(upload)}
        </span>
      </div>
      {state.kind === "uploading" && (
        <ProgressBar name={name} percent={sentPercent(state.sentBytes, sizeBytes)} />
      )}
      {state.kind === "stored" && <StoredTraces traceIds={state.traceIds} spanCount={state.spanCount} />}
      {state.kind === "refused" && (
        <p className="break-words text-sm text-red-700 dark:text-red-300" data-testid="upload-error">
          {state.message}
        </p>
      )}
    </li>
  );
}

function ProgressBar({ name, percent }: { name: string; percent: number }) {
  return (
    <div
      role="progressbar"
      aria-label={`Uploading ${name}`}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      className="h-1.5 rounded bg-slate-100 dark:bg-slate-800"
    >
      <div className="h-full rounded bg-sky-500 transition-[width]" style={{ width: `${percent}%` }} />
    </div>
  );
}

function StoredTraces({ traceIds, spanCount }: { traceIds: string[]; spanCount: number }) {
  const hidden = traceIds.length - MAX_TRACE_LINKS;
  return (
    <p className="flex flex-wrap items-baseline gap-x-2 text-sm" data-testid="upload-stored">
      <span>
        {countOf(spanCount, "span")} in {countOf(traceIds.length, "trace")}:
      </span>
      {traceIds.slice(0, MAX_TRACE_LINKS).map((traceId) => (
        <Link
          key={traceId}
          href={`/trace/${traceId}`}
          className="font-mono text-xs text-sky-700 underline hover:text-sky-900 dark:text-sky-400 dark:hover:text-sky-300"
        >
          {traceId}
        </Link>
      ))}
      {hidden > 0 && <span className="text-xs text-slate-500">and {hidden} more</span>}
    </p>
  );
}
