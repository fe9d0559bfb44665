import type { Size } from "./graph-layout";

/** A node's label: its font size and line height, px in the drawing. */
export const LABEL_PX = 11;
export const LABEL_LINE_PX = 13;
/** The widest a label line gets before it wraps, in characters. */
export const MAX_LINE_CHARS = 22;
/** A generous average advance of a character of the UI's sans-serif at LABEL_PX: labels never touch. */
const CHAR_PX = 0.62 * LABEL_PX;

/**
 * A node's full name in lines of at most `maxChars` characters, never cut: broken after a `-`, `.`,
 * `_`, `/`, `:` or a space where one falls in the line, else hard at `maxChars`. The lines joined are
 * the name, so that the label's text is the name.
 *
 *   "checkout-payments-reconciliation-worker" → ["checkout-payments-", "reconciliation-worker"]
 */
export function labelLines(name: string, maxChars = MAX_LINE_CHARS): string[] {
  const width = Math.max(1, Math.floor(maxChars));
  const lines: string[] = [];
  let rest = name;
  while (rest.length > width) {
    let cut = -1;
    for (let i = width; i > 0; i--) {
      if (/[-._/:\s]/.test(rest[i - 1] as string)) {
        cut = i;
        break;
      }
    }
    // A break in the line's first third makes a ragged stub of a line: cut hard instead.
    if (cut < width / 3) cut = width;
    lines.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  lines.push(rest);
  return lines;
}

/**
 * labelLines for a box of fixed size: at most `maxLines`, the last ending in "…" where the name goes
 * on (the box's tooltip holds it whole). A span name can be a whole SQL statement.
 */
export function boxLabelLines(name: string, maxChars: number, maxLines: number): string[] {
  const width = Math.max(2, Math.floor(maxChars));
  const lines = Math.max(1, Math.floor(maxLines));
  // Lines never exceed `width`: what fits in `lines` of them is within this much of the name.
  const wrapped = labelLines(name.slice(0, width * lines + 1), width);
  if (wrapped.length <= lines) return wrapped;
  const kept = wrapped.slice(0, lines);
  kept[lines - 1] = `${(kept[lines - 1] as string).slice(0, width - 1).trimEnd()}…`;
  return kept;
}

/** The room the widest and the tallest of these labels take, px: what a column and a row must leave. */
export function labelRoom(names: readonly string[], maxChars = MAX_LINE_CHARS): Size {
  let [chars, lines] = [0, 0];
  for (const name of names) {
    const wrapped = labelLines(name, maxChars);
    lines = Math.max(lines, wrapped.length);
    for (const line of wrapped) chars = Math.max(chars, line.length);
  }
  return { width: Math.ceil(chars * CHAR_PX), height: lines * LABEL_LINE_PX };
}

/** Below this zoom labels are hidden but the hovered, selected and focused node's: they would overlap. */
export const LABEL_MIN_ZOOM = 0.75;

/**
 * How labels are drawn at zoom `k`: scaled by 1 / k while zoomed out, so they keep their size on
 * screen (they have the room: columns and rows are sized for them at zoom 1, and only a little
 * past it); below LABEL_MIN_ZOOM, shown on hover only. Zoomed in they grow with the drawing.
 */
export function labelZoom(k: number): { scale: number; shown: "all" | "hover" } {
  if (!(k > 0)) return { scale: 1, shown: "all" };
  if (k < LABEL_MIN_ZOOM) return { scale: 1 / LABEL_MIN_ZOOM, shown: "hover" };
  return { scale: k < 1 ? 1 / k : 1, shown: "all" };
}
