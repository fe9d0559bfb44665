"use client";

import { type KeyboardEvent, useId, useState } from "react";
import { type NameSource, useNameSuggestions } from "@/components/queries/useNameSuggestions";
import { CLOSED, pickerKey, stillMatching } from "@/lib/names/name-picker";
import { useDebouncedValue } from "./useDebouncedValue";

/** How long typing pauses before the names are asked for: a request per pause, not per key. */
const DEBOUNCE_MS = 150;

/**
 * A text input suggesting stored names as one types (a WAI-ARIA combobox): the server matches them
 * (GET /api/names/…), so the page holds a screenful of names however many are stored. Free text is
 * kept as typed: a name that is not suggested (one past TRACELIGHT_MAX_SERVICES, say) is still
 * searched for exactly.
 */
export function NamePicker({
  id,
  label,
  source,
  value,
  placeholder,
  className,
  onChange,
}: {
  id: string;
  /** What the names are, for the list's accessible name ("Service suggestions"). */
  label: string;
  source: NameSource;
  value: string;
  placeholder: string;
  className: string;
  onChange(value: string): void;
}) {
  const [state, setState] = useState(CLOSED);
  const q = useDebouncedValue(value, DEBOUNCE_MS);
  const suggestions = useNameSuggestions(source, state.open ? q : undefined);
  const names = state.open ? stillMatching(suggestions.data ?? [], value) : [];
  const listId = useId();
  const optionId = (index: number) => `${listId}-${index}`;
  const expanded = names.length > 0;
  // The list may have shrunk under the active suggestion as the text changed.
  const active = state.active < names.length ? state.active : -1;

  const pick = (name: string) => {
    onChange(name);
    setState(CLOSED);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const result = pickerKey(state, event.key, names.length);
    if (!result.handled) return;
    event.preventDefault();
    setState(result.state);
    const picked = result.picked === undefined ? undefined : names[result.picked];
    if (picked !== undefined) pick(picked);
  };

  return (
    <div className="relative">
      <input
        id={id}
        className={className}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={active >= 0 ? optionId(active) : undefined}
        autoComplete="off"
        placeholder={placeholder}
        value={value}
        onFocus={() => setState({ open: true, active: -1 })}
        onBlur={() => setState(CLOSED)}
        onChange={(event) => {
          onChange(event.target.value);
          setState({ open: true, active: -1 });
        }}
        onKeyDown={onKeyDown}
      />
      <div
        id={listId}
        role="listbox"
        aria-label={`${label} suggestions`}
        hidden={!expanded}
        className="absolute z-10 mt-1 max-h-64 w-full overflow-auto rounded border border-slate-300 bg-white py-1 text-sm shadow dark:border-slate-700 dark:bg-slate-900"
        data-testid={`${id}-suggestions`}
      >
        {names.map((name, index) => (
          <div
            key={name}
            id={optionId(index)}
            role="option"
            // Focus stays in the input (aria-activedescendant names the active option).
            tabIndex={-1}
            aria-selected={index === active}
            className={`cursor-pointer truncate px-2 py-0.5 ${index === active ? "bg-sky-100 dark:bg-sky-900" : "hover:bg-slate-100 dark:hover:bg-slate-800"}`}
            // Before the input's blur closes the list.
            onMouseDown={(event) => {
              event.preventDefault();
              pick(name);
            }}
          >
            {name}
          </div>
        ))}
      </div>
    </div>
  );
}
