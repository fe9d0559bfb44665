"use client";

import { type KeyboardEvent, useId, useLayoutEffect, useMemo, useRef, useState } from "react";
import { useTraceQLTags, useTraceQLTagValues } from "@/components/queries/useTraceQLTags";
import { CLOSED, pickerKey } from "@/lib/names/name-picker";
import { applyCompletion, type Completion, completionContext, completions } from "@/lib/traceql/complete";
import { TraceQLHighlight } from "./TraceQLHighlight";
import { TraceQLSuggestions } from "./TraceQLSuggestions";

/**
 * The textarea and its coloured copy under it: the same box, font and wrapping, to the character. The
 * textarea grows with its text (field-sizing), so neither ever scrolls apart from the other.
 */
const BOX = "min-h-20 w-full whitespace-pre-wrap break-words rounded border p-2 font-mono text-sm leading-5";
const NO_TAGS = { span: [], resource: [] };

/**
 * A TraceQL editor with no editor library: a textarea whose text is transparent over its coloured copy
 * (TraceQLHighlight), and suggestions at the cursor (lib/traceql/complete.ts) of scopes, intrinsics,
 * attribute names and values from the tags endpoints. Keys: ↓/↑ move through the open suggestions,
 * Enter or Tab takes one, Escape closes them, Ctrl+Space opens them; Enter with none chosen runs the
 * query (Shift+Enter starts a new line).
 */
export function TraceQLEditor({
  value,
  error,
  onChange,
  onRun,
}: {
  value: string;
  /** Where the query fails to parse, underlined, with the message below. */
  error: { message: string; from: number; to: number } | undefined;
  onChange(value: string): void;
  onRun(): void;
}) {
  const [cursor, setCursor] = useState(value.length);
  const [picker, setPicker] = useState(CLOSED);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const placeCursor = useRef<number | undefined>(undefined);
  const listId = useId();

  const context = useMemo(
    () => (picker.open ? completionContext(value, cursor) : undefined),
    [picker.open, value, cursor],
  );
  const tags = useTraceQLTags(picker.open);
  const values = useTraceQLTagValues(context?.kind === "value" ? context.field : undefined);
  const items = context
    ? completions(context, { attributes: tags.data ?? NO_TAGS, values: values.data ?? [] })
    : [];
  const active = picker.active < items.length ? picker.active : -1;
  const lines = value.slice(0, cursor).split("\n");

  useLayoutEffect(() => {
    const at = placeCursor.current;
    if (at === undefined || !textarea.current) return;
    placeCursor.current = undefined;
    textarea.current.setSelectionRange(at, at);
  });

  const pick = (item: Completion) => {
    if (!context) return;
    const next = applyCompletion(value, context, item);
    placeCursor.current = next.cursor;
    onChange(next.text);
    setCursor(next.cursor);
    setPicker(item.continues ? { open: true, active: -1 } : CLOSED);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === " " && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      setPicker({ open: true, active: -1 });
      return;
    }
    const listed = items.length > 0;
    if (listed && event.key === "Tab") {
      event.preventDefault();
      pick(items[Math.max(active, 0)] as Completion);
      return;
    }
    if (listed || event.key === "Escape") {
      const result = pickerKey({ open: picker.open, active }, event.key, items.length);
      if (result.handled) {
        event.preventDefault();
        setPicker(result.state);
        if (result.picked !== undefined) pick(items[result.picked] as Completion);
        return;
      }
    }
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      setPicker(CLOSED);
      onRun();
    }
  };

  return (
    <div className="space-y-1">
      <div className="relative">
        <TraceQLHighlight
          query={value}
          error={error}
          className={`absolute inset-0 overflow-hidden border-transparent ${BOX}`}
        />
        <textarea
          ref={textarea}
          id="traceql-query"
          role="combobox"
          aria-label="TraceQL query"
          aria-autocomplete="list"
          aria-expanded={items.length > 0}
          aria-controls={listId}
          aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
          aria-invalid={error !== undefined}
          aria-describedby={error ? "traceql-error" : undefined}
          spellCheck={false}
          autoComplete="off"
          className={`field-sizing-content relative block resize-none border-slate-300 bg-transparent text-transparent caret-slate-900 selection:bg-sky-200/60 dark:border-slate-700 dark:caret-white ${BOX}`}
          placeholder='{ resource.service.name = "shop" && status = error }'
          value={value}
          onChange={(event) => {
            onChange(event.target.value);
            setCursor(event.target.selectionStart);
            setPicker({ open: true, active: -1 });
          }}
          onSelect={(event) => setCursor(event.currentTarget.selectionStart)}
          onBlur={() => setPicker(CLOSED)}
          onKeyDown={onKeyDown}
          data-testid="traceql-input"
        />
        <TraceQLSuggestions
          id={listId}
          items={items}
          active={active}
          place={{ line: lines.length - 1, column: lines.at(-1)?.length ?? 0 }}
          onPick={pick}
        />
      </div>
      {error && (
        <p
          id="traceql-error"
          role="alert"
          className="font-mono text-xs text-red-700 dark:text-red-300"
          data-testid="traceql-error"
        >
          {error.message}
        </p>
      )}
    </div>
  );
}
