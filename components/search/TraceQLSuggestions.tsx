"use client";

import type { Completion } from "@/lib/traceql/complete";

/** The editor's suggestions under the cursor (a listbox its textarea controls). */
export function TraceQLSuggestions({
  id,
  items,
  active,
  place,
  onPick,
}: {
  id: string;
  items: Completion[];
  active: number;
  /** The cursor's line and column, from 0: the list opens below it. */
  place: { line: number; column: number };
  onPick(item: Completion): void;
}) {
  return (
    <div
      id={id}
      role="listbox"
      aria-label="TraceQL suggestions"
      hidden={items.length === 0}
      className="absolute z-10 max-h-64 w-72 overflow-auto rounded border border-slate-300 bg-white py-1 text-sm shadow dark:border-slate-700 dark:bg-slate-900"
      style={{
        top: `calc(${place.line + 1} * 1.25rem + 0.5rem)`,
        left: `calc(${Math.min(place.column, 40)}ch + 0.5rem)`,
      }}
      data-testid="traceql-suggestions"
    >
      {items.map((item, index) => (
        <div
          key={`${item.detail}:${item.label}`}
          id={`${id}-${index}`}
          role="option"
          tabIndex={-1}
          aria-selected={index === active}
          className={`flex cursor-pointer gap-2 px-2 py-0.5 font-mono ${index === active ? "bg-sky-100 dark:bg-sky-900" : "hover:bg-slate-100 dark:hover:bg-slate-800"}`}
          // Before the textarea's blur closes the list.
          onMouseDown={(event) => {
            event.preventDefault();
            onPick(item);
          }}
        >
          <span className="truncate">{item.label}</span>
          <span className="ml-auto shrink-0 font-sans text-xs text-slate-500">{item.detail}</span>
        </div>
      ))}
    </div>
  );
}
