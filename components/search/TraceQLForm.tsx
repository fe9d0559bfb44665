"use client";

import { type FormEvent, useMemo, useState } from "react";
import type { TraceQLValues } from "@/lib/search/traceql-url";
import { parseTraceQL, TraceQLError } from "@/lib/traceql/parse";
import { SubmitButton, WindowFields } from "./SearchFields";
import { TraceQLEditor } from "./TraceQLEditor";
import { useDebouncedValue } from "./useDebouncedValue";

/** How long typing pauses before the query is parsed and its error, if any, underlined. */
const PARSE_DEBOUNCE_MS = 250;

type QueryProblem = { message: string; from: number; to: number };

/** Where a query stops parsing, as the server would say it; nothing for an empty query. */
function problemOf(query: string): QueryProblem | undefined {
  if (query.trim() === "") return undefined;
  try {
    parseTraceQL(query);
    return undefined;
  } catch (error) {
    if (!(error instanceof TraceQLError)) throw error;
    return { message: error.message, from: error.from, to: error.to };
  }
}

/**
 * The TraceQL mode's form: the editor, the time range and the limit. Its values start from the URL
 * (the page remounts it when the URL changes) and go back to it when the query is run. The query is
 * parsed here as it is typed, so an error is underlined before the server is asked; the server's own
 * refusal of the query that was run shows until the text changes.
 */
export function TraceQLForm({
  initial,
  serverError,
  onRun,
}: {
  initial: TraceQLValues;
  serverError: QueryProblem | undefined;
  onRun(values: TraceQLValues): void;
}) {
  const [values, setValues] = useState(initial);
  const settled = useDebouncedValue(values.q, PARSE_DEBOUNCE_MS);
  const parsed = useMemo(() => problemOf(settled), [settled]);
  const error =
    values.q === initial.q && serverError ? serverError : settled === values.q ? parsed : undefined;

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    onRun(values);
  };

  return (
    <form className="space-y-3" onSubmit={submit} aria-label="TraceQL search" data-testid="traceql-form">
      <div className="space-y-1">
        <label
          htmlFor="traceql-query"
          className="block text-xs font-medium text-slate-600 dark:text-slate-400"
        >
          Query
        </label>
        <TraceQLEditor
          value={values.q}
          error={error}
          onChange={(q) => setValues((current) => ({ ...current, q }))}
          onRun={() => submit()}
        />
        <p className="text-xs text-slate-500">
          Enter runs the query, Shift+Enter starts a line, Ctrl+Space suggests.
        </p>
      </div>
      <WindowFields
        values={values}
        onChange={(window) => setValues((current) => ({ ...current, ...window }))}
      />
      <SubmitButton testId="traceql-run">Run query</SubmitButton>
    </form>
  );
}
