"use client";

import { memo } from "react";
import { highlightTokens, markError, type TokenKind } from "@/lib/traceql/highlight";

const COLOURS: Record<TokenKind, string> = {
  scope: "text-violet-700 dark:text-violet-300",
  attribute: "text-sky-700 dark:text-sky-300",
  intrinsic: "text-teal-700 dark:text-teal-300",
  string: "text-emerald-700 dark:text-emerald-300",
  number: "text-amber-700 dark:text-amber-300",
  keyword: "text-fuchsia-700 dark:text-fuchsia-300",
  operator: "text-slate-500 dark:text-slate-400",
  function: "text-indigo-700 dark:text-indigo-300",
  comment: "italic text-slate-400",
  plain: "text-slate-900 dark:text-slate-100",
};

/**
 * The coloured copy of the editor's text drawn under its transparent textarea, character for
 * character in the same font and box; the part an error points at is underlined in red.
 */
export const TraceQLHighlight = memo(function TraceQLHighlight({
  query,
  error,
  className,
}: {
  query: string;
  error: { from: number; to: number } | undefined;
  className: string;
}) {
  const tokens = highlightTokens(query);
  const marked = error ? markError(query, tokens, error.from, error.to) : tokens;
  return (
    <div aria-hidden className={`pointer-events-none ${className}`} data-testid="traceql-highlight">
      {marked.map((token) => (
        <span
          key={token.from + (token.to === token.from ? "end" : "")}
          className={`${COLOURS[token.kind]} ${"error" in token ? "underline decoration-red-600 decoration-wavy" : ""}`}
          data-kind={token.kind}
          data-error={"error" in token || undefined}
        >
          {token.to === token.from ? " " : query.slice(token.from, token.to)}
        </span>
      ))}
      {/* A last newline takes a line in a textarea, and none in a div, unless something follows it. */}
      {query.endsWith("\n") && " "}
    </div>
  );
});
