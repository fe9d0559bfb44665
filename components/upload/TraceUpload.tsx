"use client";

import { type DragEvent, useId, useRef, useState } from "react";
import { formatBytes } from "@/lib/format/bytes";
import { isDone, summariseUploads } from "@/lib/upload/upload-queue";
import { UploadedFile } from "./UploadedFile";
import { UploadHelp } from "./UploadHelp";
import { useUploadQueue } from "./useUploadQueue";

/**
 * Trace files dropped or picked, each sent to `/api/upload` and shown with what became of it, then
 * what the page takes.
 */
export function TraceUpload({ maxBodyBytes }: { maxBodyBytes: number }) {
  const { uploads, add, clear } = useUploadQueue(maxBodyBytes);
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const hintId = useId();

  const onDragOver = (event: DragEvent) => {
    if (!event.dataTransfer.types.includes("Files")) return;
    event.preventDefault(); // allows the drop
    event.dataTransfer.dropEffect = "copy";
    setDragging(true);
  };
  const onDragLeave = (event: DragEvent) => {
    // Moving onto a child of the zone is not leaving it.
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    add(event.dataTransfer.files);
  };

  return (
    <div className="space-y-4">
      <section
        aria-label="Drop trace files here"
        aria-describedby={hintId}
        data-testid="upload-dropzone"
        data-dragging={dragging}
        onDragEnter={onDragOver}
        onDragOver={onDragOver}
        onDragLeave={onDragLeave}
        onDrop={onDrop}
        className={`flex flex-col items-center gap-2 rounded-lg border-2 border-dashed px-6 py-10 text-center ${
          dragging
            ? "border-sky-500 bg-sky-50 dark:border-sky-400 dark:bg-sky-950"
            : "border-slate-300 dark:border-slate-700"
        }`}
      >
        <p className="font-medium">Drop trace files here</p>
        <p className="text-sm text-slate-500">or</p>
        <button
          type="button"
          onClick={() => input.current?.click()}
          className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 dark:border-slate-600 dark:bg-slate-900 dark:hover:bg-slate-800"
        >
          Choose files…
        </button>
        <p id={hintId} className="text-xs text-slate-500">
          Jaeger, Zipkin or OTLP JSON, or JSON lines; several at once, up to {formatBytes(maxBodyBytes)} each
        </p>
        <input
          ref={input}
          type="file"
          multiple
          accept=".json,.jsonl,.txt,application/json"
          hidden
          aria-label="Trace files"
          data-testid="upload-input"
          onChange={(event) => {
            if (event.target.files) add(event.target.files);
            event.target.value = ""; // so that picking the same file again uploads it again
          }}
        />
      </section>
      <div className="flex items-center gap-3">
        <p role="status" className="text-sm text-slate-600 dark:text-slate-400" data-testid="upload-summary">
          {uploads.length > 0 ? summariseUploads(uploads) : ""}
        </p>
        {uploads.some((upload) => isDone(upload.state)) && (
          <button
            type="button"
            onClick={clear}
            className="ml-auto rounded border border-slate-300 px-1.5 text-xs text-slate-600 hover:bg-slate-100 dark:border-slate-700 dark:text-slate-300 dark:hover:bg-slate-800"
          >
            Clear finished
          </button>
        )}
      </div>
      {uploads.length > 0 && (
        <ul aria-label="Uploads" className="divide-y divide-slate-200 dark:divide-slate-800">
          {uploads.map((upload) => (
            <UploadedFile key={upload.id} upload={upload} />
          ))}
        </ul>
      )}
      <UploadHelp maxBodyBytes={maxBodyBytes} />
    </div>
  );
}
