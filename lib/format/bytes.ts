const UNITS = ["B", "KiB", "MiB", "GiB", "TiB"];

/**
 * A size in bytes as people read it: "0 B", "812 B", "1.5 KiB", "16 MiB". Binary units, as
 * TRACELIGHT_MAX_BODY_BYTES is usually set (16 MiB = 16,777,216 bytes), three significant figures.
 */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = unit === 0 ? Math.round(value) : Number(value.toPrecision(3));
  return `${shown} ${UNITS[unit]}`;
}
