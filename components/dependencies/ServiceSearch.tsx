"use client";

import { type KeyboardEvent, useId, useMemo, useState } from "react";
import { exactName, suggestNames } from "@/lib/graph/service-search";

const INPUT =
  "w-64 rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900";

/**
 * A combobox over the graph's node names: typing lists matches (lib/graph/service-search.ts), arrows
 * move through them, Enter or a click focuses the chosen one (or the name typed, when it is one).
 */
export function ServiceSearch({ names, onFocus }: { names: readonly string[]; onFocus(name: string): void }) {
  const listId = useId();
  const [text, setText] = useState("");
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const suggestions = useMemo(() => suggestNames(names, text), [names, text]);

  const choose = (name: string) => {
    setText("");
    setOpen(false);
    onFocus(name);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((i) => (suggestions.length === 0 ? 0 : (i + step + suggestions.length) % suggestions.length));
      setOpen(true);
    } else if (event.key === "Enter") {
      event.preventDefault();
      const name = open ? (suggestions[active] ?? exactName(names, text)) : exactName(names, text);
      if (name) choose(name);
    } else if (event.key === "Escape") setOpen(false);
  };

  return (
    <div className="relative">
      <input
        type="search"
        role="combobox"
        aria-label="Focus on a service"
        aria-expanded={open && suggestions.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && suggestions.length > 0 ? `${listId}-${active}` : undefined}
        autoComplete="off"
        placeholder="Focus on a service…"
        className={INPUT}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setActive(0);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
        data-testid="graph-search"
      />
      {open && suggestions.length > 0 && (
        <div
          id={listId}
          role="listbox"
          className="absolute z-20 mt-1 max-h-72 w-max max-w-[32rem] min-w-full overflow-auto rounded border border-slate-200 bg-white py-1 text-sm shadow dark:border-slate-700 dark:bg-slate-900"
          data-testid="graph-search-suggestions"
        >
          {suggestions.map((name, i) => (
            <div
              key={name}
              id={`${listId}-${i}`}
              role="option"
              // Focus stays in the input (aria-activedescendant names the active option).
              tabIndex={-1}
              aria-selected={i === active}
              className={`cursor-pointer px-2 py-0.5 break-all ${i === active ? "bg-sky-100 dark:bg-sky-900" : ""}`}
              // Before the input's blur closes the list.
              onMouseDown={(event) => {
                event.preventDefault();
                choose(name);
              }}
              data-testid="graph-search-suggestion"
            >
              {name}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
