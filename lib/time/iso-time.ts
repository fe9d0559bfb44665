/**
 * ISO 8601 times as Tracelight's own APIs and pages take them: RFC 3339's profile, plus a space for
 * the `T` and an optional zone, as people type them. A date alone is midnight UTC; a date and time
 * has minutes, optionally seconds and a fraction, and a zone (`Z`, `+01:00`, `+0100`, `+01`), none
 * meaning the server's local time, as JavaScript reads it. Nothing else: Date.parse alone takes "$1"
 * for 2001-01-01 and rolls 2026-02-30 over into March.
 */
const ISO_TIME =
  /^(\d{4})-(\d\d)-(\d\d)(?:[Tt ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d\d)(?::?(\d\d))?)?)?$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Milliseconds since the epoch (negative before 1970); undefined for anything but such a time. */
export function parseIsoTimeMs(text: string): number | undefined {
  const match = ISO_TIME.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second = "00", fraction = "", utc, sign, zoneHour, zoneMinute] =
    match;
  if (!isDate(Number(year), Number(month), Number(day))) return undefined;
  if (hour === undefined) return Date.parse(`${year}-${month}-${day}`);
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return undefined;
  if (sign !== undefined && (Number(zoneHour) > 23 || Number(zoneMinute ?? 0) > 59)) return undefined;
  const zone = utc !== undefined ? "Z" : sign !== undefined ? `${sign}${zoneHour}:${zoneMinute ?? "00"}` : "";
  // The form ECMAScript specifies, which every engine reads alike: milliseconds, a colon in the zone.
  const ms = fraction.padEnd(3, "0").slice(0, 3);
  return Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second}.${ms}${zone}`);
}

function isDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number));
}

/** The largest millisecond time whose microseconds are still an exact JS number (2255-06-05). */
export const MAX_MS = Math.floor(Number.MAX_SAFE_INTEGER / 1000);

/**
 * An ISO 8601 time (parseIsoTimeMs) or epoch milliseconds, as milliseconds since the epoch;
 * undefined if neither, or outside 1970 to MAX_MS, beyond which its microseconds are not exact.
 */
export function parseTimeMs(text: string): number | undefined {
  const ms = /^\d+$/.test(text) ? Number(text) : parseIsoTimeMs(text);
  return ms !== undefined && ms >= 0 && ms <= MAX_MS ? ms : undefined;
}
