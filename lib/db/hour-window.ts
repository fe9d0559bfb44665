/**
 * How a read of the hourly aggregates (`operation_latency`, `dependency_links`: one row per UTC
 * hour's start) takes a window: the whole hours it overlaps, `column` between parameters $n and
 * $n+1 holding overlappedHoursUs(startUs, endUs) (lib/time/hours.ts). A range on the hour, which
 * the tables' keys read in order.
 */
export function withinHours(column: string, firstParam: number): string {
  return `${column} > $${firstParam} AND ${column} <= $${firstParam + 1}`;
}
