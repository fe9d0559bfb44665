"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { normaliseTraceId } from "@/lib/model/ids";

/** Opens a trace by id: typed or pasted in any case, 16 or 32 hex, surrounding spaces ignored. */
export function TraceIdJump() {
  const router = useRouter();
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();
  return (
    <form
      className="relative min-w-0 shrink"
      onSubmit={(event) => {
        event.preventDefault();
        const result = normaliseTraceId(value.trim());
        if (!result.ok) {
          setError(`Trace id ${result.reason}`);
          return;
        }
        setError(null);
        setValue("");
        router.push(`/trace/${result.id}`);
      }}
    >
      <input
        type="text"
        value={value}
        onChange={(event) => {
          setValue(event.target.value);
          setError(null);
        }}
        placeholder="Trace id, then Enter"
        aria-label="Open trace by id"
        aria-invalid={error !== null}
        aria-describedby={error ? errorId : undefined}
        autoComplete="off"
        spellCheck={false}
        className="w-72 max-w-full rounded border border-slate-300 bg-transparent px-2 py-1 font-mono text-xs placeholder:font-sans placeholder:text-slate-400 outline-sky-500 focus:outline-2 aria-invalid:border-red-500 aria-invalid:outline-red-500 dark:border-slate-700"
        data-testid="trace-id-jump"
      />
      {error && (
        // Floats under the box so the header's height never changes.
        <p
          id={errorId}
          role="alert"
          className="absolute top-full left-0 z-20 mt-1 rounded border border-red-200 bg-red-50 px-2 py-1 text-xs whitespace-nowrap text-red-700 shadow-sm dark:border-red-900 dark:bg-red-950 dark:text-red-300"
          data-testid="trace-id-jump-error"
        >
          {error}
        </p>
      )}
    </form>
  );
}
