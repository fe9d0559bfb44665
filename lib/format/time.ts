import { countOf } from "./count";

/**
 * Absolute time of a microsecond timestamp, UTC (every absolute time in Tracelight is), to the
 * millisecond, "2026-11-22 10:04:05.123 UTC", or with `"us"` to the microsecond, as events are
 * listed: "2026-11-22 10:04:05.123456 UTC".
 */
export function formatTimestampUs(timestampUs: number, precision: "ms" | "us" = "ms"): string {
  const ms = Math.floor(timestampUs / 1000);
  const text = new Date(ms).toISOString().replace("T", " ").replace("Z", "");
  const us = precision === "us" ? String(Math.floor(timestampUs - ms * 1000)).padStart(3, "0") : "";
  return `${text}${us} UTC`;
}

const UNITS: [limitSeconds: number, seconds: number, unit: string][] = [
  [60, 1, "second"],
  [3600, 60, "minute"],
  [86400, 3600, "hour"],
  [Number.POSITIVE_INFINITY, 86400, "day"],
];

/** "just now", "5 minutes ago", "3 days ago"; "in 2 hours" for a clock ahead of ours. */
export function formatRelativeUs(timestampUs: number, nowUs: number): string {
  const deltaSeconds = Math.round((nowUs - timestampUs) / 1_000_000);
  const magnitude = Math.abs(deltaSeconds);
  if (magnitude < 5) return "just now";
  const [, seconds, unit] = UNITS.find(([limit]) => magnitude < limit) as (typeof UNITS)[number];
  const count = Math.floor(magnitude / seconds);
  const phrase = countOf(count, unit);
  return deltaSeconds >= 0 ? `${phrase} ago` : `in ${phrase}`;
}
