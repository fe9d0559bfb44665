"use client";

import { useSyncExternalStore } from "react";
import {
  DARK_SCHEME_QUERY,
  nextThemeChoice,
  parseThemeChoice,
  resolveTheme,
  THEME_STORAGE_KEY,
  type ThemeChoice,
} from "@/lib/theme/theme-choice";

const LABELS: Record<ThemeChoice, string> = { system: "System", light: "Light", dark: "Dark" };
const GLYPHS: Record<ThemeChoice, string> = { system: "◐", light: "☀", dark: "☾" };

// The choice lives outside React: the inline script in app/layout.tsx reads it before React loads,
// other tabs change it through `storage` events, and the system scheme changes under us.
let memoryChoice: ThemeChoice | null = null;
const listeners = new Set<() => void>();

function readChoice(): ThemeChoice {
  if (memoryChoice) return memoryChoice;
  try {
    memoryChoice = parseThemeChoice(localStorage.getItem(THEME_STORAGE_KEY));
  } catch {
    memoryChoice = "system"; // storage disabled: the choice lasts until the tab closes
  }
  return memoryChoice;
}

function applyTheme(): void {
  const theme = resolveTheme(readChoice(), window.matchMedia(DARK_SCHEME_QUERY).matches);
  document.documentElement.classList.toggle("dark", theme === "dark");
}

function saveChoice(choice: ThemeChoice): void {
  memoryChoice = choice;
  try {
    if (choice === "system") localStorage.removeItem(THEME_STORAGE_KEY);
    else localStorage.setItem(THEME_STORAGE_KEY, choice);
  } catch {}
  applyTheme();
  for (const listener of listeners) listener();
}

function subscribe(onChange: () => void): () => void {
  const media = window.matchMedia(DARK_SCHEME_QUERY);
  const onStorage = (event: StorageEvent) => {
    if (event.key !== THEME_STORAGE_KEY && event.key !== null) return;
    memoryChoice = parseThemeChoice(event.newValue);
    applyTheme();
    onChange();
  };
  listeners.add(onChange);
  media.addEventListener("change", applyTheme);
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(onChange);
    media.removeEventListener("change", applyTheme);
    window.removeEventListener("storage", onStorage);
  };
}

/** Cycles System → Light → Dark; the server and the first client render say System. */
export function ThemeToggle() {
  const choice = useSyncExternalStore(subscribe, readChoice, () => "system" as const);
  const next = nextThemeChoice(choice);
  return (
    <button
      type="button"
      className="flex shrink-0 items-center gap-1.5 rounded border border-slate-300 px-2 py-1 text-xs whitespace-nowrap text-slate-600 hover:bg-slate-100 dark:border-slate-700 dark:text-slate-300 dark:hover:bg-slate-800"
      aria-label={`Theme: ${LABELS[choice]}`}
      title={`Theme: ${LABELS[choice]}. Click for ${LABELS[next]}.`}
      data-testid="theme-toggle"
      data-theme-choice={choice}
      onClick={() => saveChoice(next)}
    >
      <span aria-hidden="true">{GLYPHS[choice]}</span>
      {LABELS[choice]}
    </button>
  );
}
