/**
 * The keyboard shortcuts each page answers, as the `?` help lists them (components/shared/
 * KeyboardShortcuts.tsx). The keys themselves are handled where they act (the timeline's list, the
 * pickers, the graph); this list is what a reader is told, so a key added there is added here.
 */
export interface Shortcut {
  /** Alternatives, each as printed on the keys: ["+", "="] means either. */
  keys: string[];
  does: string;
}

export interface ShortcutGroup {
  title: string;
  /** Where the keys work when not anywhere on the page. */
  where?: string;
  shortcuts: Shortcut[];
}

const TRACE: ShortcutGroup[] = [
  {
    title: "Spans",
    where: "In the timeline, once a span row or the span list has focus.",
    shortcuts: [
      { keys: ["↓", "↑"], does: "Select the next or previous span" },
      { keys: ["→"], does: "Expand the selected span" },
      { keys: ["←"], does: "Collapse the selected span, or go to its parent" },
      {
        keys: ["f"],
        does: "Re-root the timeline on the selected span (press again to show the whole trace)",
      },
      { keys: ["Esc"], does: "Clear the selection" },
    ],
  },
  {
    title: "Zoom",
    where: "In the timeline.",
    shortcuts: [
      { keys: ["+", "="], does: "Zoom in" },
      { keys: ["-"], does: "Zoom out" },
      { keys: ["0"], does: "Show the whole trace" },
      { keys: ["Ctrl + wheel", "⌘ + wheel"], does: "Zoom around the pointer" },
      { keys: ["Shift + wheel"], does: "Pan along the time axis" },
    ],
  },
  {
    title: "Find",
    shortcuts: [
      { keys: ["/"], does: "Find in trace" },
      { keys: ["n"], does: "Select the next match" },
      { keys: ["N"], does: "Select the previous match" },
      { keys: ["Enter", "Shift + Enter"], does: "Next or previous match, in the find box" },
    ],
  },
];

/** The name pickers of the search form and the dependency graph's service search. */
const PICKER: Shortcut[] = [
  { keys: ["↓", "↑"], does: "Move through the suggestions" },
  { keys: ["Enter"], does: "Take the suggestion" },
  { keys: ["Esc"], does: "Close the suggestions" },
];

const SEARCH: ShortcutGroup[] = [
  {
    title: "TraceQL query",
    where: "In the query box.",
    shortcuts: [
      { keys: ["Ctrl + Space", "⌘ + Space"], does: "Suggest what may come next" },
      { keys: ["Tab"], does: "Take the suggestion" },
      { keys: ["Enter"], does: "Run the query" },
      { keys: ["Shift + Enter"], does: "New line" },
    ],
  },
  { title: "Service and operation", where: "In the search form's name boxes.", shortcuts: PICKER },
  {
    title: "Scatter plot",
    shortcuts: [
      { keys: ["Enter", "Space"], does: "Open the trace of the focused dot" },
      { keys: ["Esc"], does: "Cancel a drag across the plot" },
    ],
  },
];

const DEPENDENCIES: ShortcutGroup[] = [
  { title: "Service search", where: "In the “Focus on a service” box.", shortcuts: PICKER },
  {
    title: "Graph",
    shortcuts: [
      { keys: ["Enter", "Space"], does: "Select the focused service, or clear it" },
      { keys: ["Esc"], does: "Close the selected service's panel" },
    ],
  },
];

/** Pages by their path, and the paths below it. */
const PAGES: [path: string, groups: ShortcutGroup[]][] = [
  ["/trace", TRACE],
  ["/search", SEARCH],
  ["/dependencies", DEPENDENCIES],
];

const EVERYWHERE: ShortcutGroup = {
  title: "Anywhere",
  shortcuts: [
    { keys: ["?"], does: "Show the keyboard shortcuts" },
    { keys: ["Esc"], does: "Close this list" },
  ],
};

/** The shortcuts that work on the page at `pathname`: its own groups, then those of every page. */
export function shortcutsFor(pathname: string): ShortcutGroup[] {
  const page = PAGES.find(([path]) => pathname === path || pathname.startsWith(`${path}/`));
  return [...(page?.[1] ?? []), EVERYWHERE];
}

/** What the help needs to know of a key press and of the element it went to. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  target: { tagName: string; type?: string; isContentEditable?: boolean } | null;
}

// Inputs that take no typed text: a `?` pressed on them is meant for the page.
const NON_TEXT_INPUTS = new Set([
  "button",
  "checkbox",
  "color",
  "file",
  "image",
  "radio",
  "range",
  "reset",
  "submit",
]);

/** Whether the element takes typed text, where `?` is a character and not a command. */
function takesText(target: KeyPress["target"]): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName.toUpperCase();
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  return tag === "INPUT" && !NON_TEXT_INPUTS.has((target.type ?? "text").toLowerCase());
}

/**
 * Whether a key press asks for the shortcut help: `?` (Shift is how most layouts type it), without
 * Ctrl, ⌘ or Alt, outside anything that takes text.
 */
export function asksForShortcutHelp(press: KeyPress): boolean {
  return press.key === "?" && !press.ctrlKey && !press.metaKey && !press.altKey && !takesText(press.target);
}
