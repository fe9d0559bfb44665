import { badRequest, describeValue } from "../../errors";
import { wrongType, wrongValue } from "../shared/fields";

/**
 * Readers for the values of a decoded Datadog payload, msgpack or JSON. Integers arrive as number,
 * or as bigint when msgpack wrote them in 64 bits or JSON wrote them past 15 digits (see
 * json.ts); both readers take either. Absent (undefined, or msgpack's and JSON's null) reads
 * as the zero value, as the agent's decoder reads it. Messages start with the field's path.
 */

const UINT64_END = 1n << 64n;
const INT64_MIN = -(1n << 63n);
const MAX_MICROS = BigInt(Number.MAX_SAFE_INTEGER);

function isAbsent(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

/**
 * A uint64 (an id). A negative int64 is taken as its two's complement, as the agent's decoder takes
 * it: some tracers write ids as signed. A double is refused: past 2^53 it is no longer the id.
 */
export function readUint64(value: unknown, path: string): bigint {
  if (isAbsent(value)) return 0n;
  const bits =
    typeof value === "bigint" ? value : Number.isSafeInteger(value) ? BigInt(value as number) : undefined;
  if (bits !== undefined && bits >= INT64_MIN && bits < UINT64_END) return BigInt.asUintN(64, bits);
  throw typeof value === "number" || typeof value === "bigint"
    ? badRequest(`${path}: expected an unsigned 64-bit integer, got ${describeInteger(value)}`)
    : wrongType(path, "an unsigned 64-bit integer", value);
}

/** An int64 of nanoseconds; a double (a tracer that wrote float64) is rounded to the nanosecond. */
export function readInt64(value: unknown, path: string): bigint {
  if (isAbsent(value)) return 0n;
  if (typeof value === "bigint") {
    if (value >= INT64_MIN && value < -INT64_MIN) return value;
    throw badRequest(`${path}: expected a signed 64-bit integer, got ${describeInteger(value)}`);
  }
  if (typeof value === "number" && Number.isFinite(value)) return BigInt(Math.round(value));
  throw wrongType(path, "an integer", value);
}

/** The span's `error` flag: any non-zero integer marks an error, as the agent reads it. */
export function readErrorFlag(value: unknown, path: string): boolean {
  if (isAbsent(value)) return false;
  if (typeof value === "bigint") return value !== 0n;
  if (typeof value === "number" && Number.isInteger(value)) return value !== 0;
  throw wrongValue(path, "0 or 1", value);
}

/** A string field; absent reads as "". */
export function readText(value: unknown, path: string): string {
  if (isAbsent(value)) return "";
  if (typeof value === "string") return value;
  throw wrongType(path, "a string", value);
}

/** A map field (`meta`, `metrics`) as its entries; absent reads as empty. */
export function readEntries(value: unknown, path: string): [string, unknown][] {
  if (isAbsent(value)) return [];
  if (typeof value === "object" && !Array.isArray(value)) return Object.entries(value);
  throw wrongType(path, "a map", value);
}

/** Where an entry of a map sits: `traces[0][1].meta["http.url"]`. */
export function entryPath(path: string, key: string): string {
  return `${path}[${describeValue(key)}]`;
}

/**
 * A metric value: a number, or a bigint kept exact (a decimal string past 2^53, the model's int64
 * rule). NaN and ±Infinity, which msgpack can carry and JSON storage cannot, keep their names.
 */
export function readMetric(value: unknown, path: string): number | string | undefined {
  if (isAbsent(value)) return undefined;
  if (typeof value === "bigint") {
    const number = Number(value);
    return Number.isSafeInteger(number) ? number : value.toString();
  }
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  throw wrongType(path, "a number", value);
}

/** Unix nanoseconds → microseconds, rounded half up: exact for every int64, unlike a double. */
export function microsFromNanos(nanos: bigint, path: string): number {
  if (nanos < 0n) throw badRequest(`${path}: expected unix nanoseconds from 0, got ${nanos}`);
  const micros = (nanos + 500n) / 1000n;
  if (micros > MAX_MICROS) throw badRequest(`${path}: ${nanos} ns is past the year 2255`);
  return Number(micros);
}

function describeInteger(value: number | bigint): string {
  const digits = value.toString();
  return digits.length > 40 ? `${digits.slice(0, 40)}…` : digits;
}
