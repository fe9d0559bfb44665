import type { AttributeDiffEntry } from "../api/attribute-diff";

/**
 * The attribute diff panel's paired bars: per attribute value, the share of the selection and of the
 * baseline carrying it, as labels and as bar widths. Widths are relative to the largest share shown,
 * so the panel's longest bar fills its track (a diff of 4% vs 1% still shows as a clear pair) while
 * the two bars of a row stay in proportion to each other and to every other row.
 */
export interface DiffBar {
  entry: AttributeDiffEntry;
  /** "62%", "<1%", "0%". */
  selectionLabel: string;
  baselineLabel: string;
  /** 0–100, a CSS width in %. */
  selectionWidthPct: number;
  baselineWidthPct: number;
}

/** The first `limit` entries (the API sends them most telling first) as bars. */
export function diffBars(entries: AttributeDiffEntry[], limit: number): DiffBar[] {
  const shown = entries.slice(0, limit);
  const largest = Math.max(0, ...shown.flatMap((entry) => [entry.selection, entry.baseline]));
  const width = (share: number) => (largest > 0 ? (share / largest) * 100 : 0);
  return shown.map((entry) => ({
    entry,
    selectionLabel: shareLabel(entry.selection),
    baselineLabel: shareLabel(entry.baseline),
    selectionWidthPct: width(entry.selection),
    baselineWidthPct: width(entry.baseline),
  }));
}

/** A share (0–1) as a whole percentage; a share that rounds to 0 but is not reads "<1%". */
export function shareLabel(share: number): string {
  if (share > 0 && share < 0.005) return "<1%";
  if (share < 1 && share > 0.995) return ">99%";
  return `${Math.round(share * 100)}%`;
}
