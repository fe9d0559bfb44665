import { formatDurationUs } from "@/lib/format/duration";

/** How a statistics column reads and sorts: text ascending first, numbers descending first. */
export type StatKind = "text" | "count" | "errors" | "duration" | "share";

export interface StatColumn<Key extends string> {
  key: Key;
  label: string;
  kind: StatKind;
}

/** The numbers both statistics tables show, per operation or per group, in this order. */
export const NUMBER_COLUMNS = [
  { key: "count", label: "Count", kind: "count" },
  { key: "totalUs", label: "Total", kind: "duration" },
  { key: "selfUs", label: "Self", kind: "duration" },
  { key: "avgUs", label: "Avg", kind: "duration" },
  { key: "minUs", label: "Min", kind: "duration" },
  { key: "maxUs", label: "Max", kind: "duration" },
  { key: "p95Us", label: "p95", kind: "duration" },
] as const satisfies StatColumn<string>[];

export const CRITICAL_COLUMN = {
  key: "criticalShare",
  label: "Critical path",
  kind: "share",
} as const satisfies StatColumn<string>;

export interface StatSort<Key extends string> {
  column: Key;
  descending: boolean;
}

/** The sort after clicking a column: the same column flips, another starts at its natural order. */
export function nextSort<Key extends string>(current: StatSort<Key>, column: StatColumn<Key>): StatSort<Key> {
  return {
    column: column.key,
    descending: current.column === column.key ? !current.descending : column.kind !== "text",
  };
}

/** Compares two cells of a column in the sort's direction. */
export function compareCells(x: string | number, y: string | number, descending: boolean): number {
  const order = typeof x === "number" ? x - (y as number) : String(x).localeCompare(String(y));
  return descending ? -order : order;
}

export function cellText(value: string | number, kind: StatKind): string {
  if (typeof value === "string") return value;
  if (kind === "duration") return formatDurationUs(value);
  if (kind === "share") return `${(value * 100).toFixed(1)}%`;
  return value.toLocaleString("en-US");
}
