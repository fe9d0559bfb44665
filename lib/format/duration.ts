/**
 * The one duration formatter and parser. Durations are integer microseconds everywhere.
 */

/** Microseconds in each unit a duration is written in. */
export const UNIT_US: Record<string, number> = {
  ns: 0.001,
  us: 1,
  µs: 1,
  ms: 1_000,
  s: 1_000_000,
  m: 60_000_000,
  h: 3_600_000_000,
  d: 86_400_000_000,
};

const PART = /(\d+(?:\.\d+)?|\.\d+)(ns|us|µs|ms|s|m|h|d)/y;

/**
 * Parses Go-style durations ("1.5ms", "500us", "4500ns", "1h30m") plus days ("7d") into whole
 * microseconds, rounding to the nearest. Returns undefined for anything else, including bare numbers
 * (a unit is what makes "500" unambiguous), and for a duration past 2^53 µs (about 285 years), which
 * no JS number holds exactly and no bigint column compares with once written as "1e+26".
 */
export function parseDurationUs(text: string): number | undefined {
  const input = text.trim();
  if (input === "") return undefined;
  let totalUs = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < input.length) {
    const match = PART.exec(input);
    if (!match) return undefined;
    totalUs += Number(match[1]) * (UNIT_US[match[2] as string] as number);
  }
  const us = Math.round(totalUs);
  return Number.isSafeInteger(us) ? us : undefined;
}

/**
 * "812µs", "1.25ms", "3.4s", "2m 5s", "1h 2m": three significant figures below a minute. A negative
 * or NaN duration reads as 0, and one past 2^53 µs (none is stored) as 2^53.
 */
export function formatDurationUs(durationUs: number): string {
  const us = Math.min(Math.max(0, durationUs) || 0, Number.MAX_SAFE_INTEGER);
  if (us < 1_000) return `${Math.round(us)}µs`;
  if (us < 1_000_000) return `${trim(us / 1_000)}ms`;
  if (us < 60_000_000) return `${trim(us / 1_000_000)}s`;
  const totalSeconds = Math.round(us / 1_000_000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  return hours > 0 ? `${hours}h ${minutes}m` : `${minutes}m ${seconds}s`;
}

/** A signed offset from a reference time: "+5ms" after it, "−2ms" (a minus sign) before it. */
export function formatOffsetUs(offsetUs: number): string {
  return `${offsetUs < 0 ? "−" : "+"}${formatDurationUs(Math.abs(offsetUs))}`;
}

function trim(value: number): string {
  return Number(value.toPrecision(3)).toString();
}
