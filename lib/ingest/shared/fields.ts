import { badRequest, describeType, describeValue, type RequestError } from "../../errors";
import { type IdResult, normaliseTraceId } from "../../model/ids";
import type { Attributes, AttributeValue } from "../../model/span";

/**
 * Typed readers for untrusted JSON, shared by every JSON decoder. A failure is a 400 whose message
 * starts with the field's path ("span[3].duration: expected a number, got string"): a client that
 * sent thousands of spans has to be able to find the one that was refused.
 *
 * A JSON `null` reads as absent, because several reporters write null for fields they leave unset.
 */

export type JsonObject = Record<string, unknown>;

export interface ReadOptions {
  required?: boolean;
}

/** What a reader returns: the value, or also `undefined` unless the field was required. */
type Read<T, O> = O extends { required: true } ? T : T | undefined;

/** The field has the wrong JSON type: `<path>: expected <expected>, got <type>`. */
export function wrongType(path: string, expected: string, value: unknown): RequestError {
  return badRequest(`${path}: expected ${expected}, got ${describeType(value)}`);
}

/** The field has the right type but a value we cannot use: `<path>: expected <expected>, got <value>`. */
export function wrongValue(path: string, expected: string, value: unknown): RequestError {
  return badRequest(`${path}: expected ${expected}, got ${describeValue(value)}`);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An array element or a whole body that must be an object; `path` names it ("span[2]"). */
export function expectObject(value: unknown, path: string): JsonObject {
  if (isObject(value)) return value;
  throw wrongType(path, "an object", value);
}

const isNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);

/**
 * What a reader does with a value that is not of its type: absent (undefined or null) is fine unless
 * required; anything else is refused. The type tests themselves are written out in each reader, where
 * V8 can inline them: these run a dozen times per span.
 */
function absentOrWrong(
  obj: JsonObject,
  key: string,
  path: string,
  expected: string,
  options: ReadOptions | undefined,
): undefined {
  const value = obj[key];
  if (value === undefined || value === null) {
    if (!options?.required) return undefined;
    throw badRequest(`${path}.${key}: missing; expected ${expected}`);
  }
  throw wrongType(`${path}.${key}`, expected, value);
}

/** `obj[key]` as a string; `path` is where `obj` sits ("span[3]"), used only in messages. */
export function readString<const O extends ReadOptions>(
  obj: JsonObject,
  key: string,
  path: string,
  options?: O,
): Read<string, O> {
  const value = obj[key];
  return (typeof value === "string" ? value : absentOrWrong(obj, key, path, "a string", options)) as Read<
    string,
    O
  >;
}

export function readNumber<const O extends ReadOptions>(
  obj: JsonObject,
  key: string,
  path: string,
  options?: O,
): Read<number, O> {
  const value = obj[key];
  return (isNumber(value) ? value : absentOrWrong(obj, key, path, "a number", options)) as Read<number, O>;
}

export function readBoolean<const O extends ReadOptions>(
  obj: JsonObject,
  key: string,
  path: string,
  options?: O,
): Read<boolean, O> {
  const value = obj[key];
  return (typeof value === "boolean" ? value : absentOrWrong(obj, key, path, "a boolean", options)) as Read<
    boolean,
    O
  >;
}

export function readObject<const O extends ReadOptions>(
  obj: JsonObject,
  key: string,
  path: string,
  options?: O,
): Read<JsonObject, O> {
  const value = obj[key];
  return (isObject(value) ? value : absentOrWrong(obj, key, path, "an object", options)) as Read<
    JsonObject,
    O
  >;
}

export function readArray<const O extends ReadOptions>(
  obj: JsonObject,
  key: string,
  path: string,
  options?: O,
): Read<unknown[], O> {
  const value = obj[key];
  return (Array.isArray(value) ? value : absentOrWrong(obj, key, path, "an array", options)) as Read<
    unknown[],
    O
  >;
}

/**
 * Each object in the array under `key`, read by `read` with its own path (`span[3].annotations[0]`);
 * [] when the array is absent, a 400 naming the path of anything that is not an object.
 */
export function readObjects<T>(
  obj: JsonObject,
  key: string,
  path: string,
  read: (item: JsonObject, itemPath: string, index: number) => T,
): T[] {
  const list = readArray(obj, key, path);
  if (list === undefined) return [];
  const items: T[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const itemPath = `${path}.${key}[${i}]`;
    items[i] = read(expectObject(list[i], itemPath), itemPath, i);
  }
  return items;
}

/** A normalised id, or a 400 naming `path` (`span[3].traceId: "xyz" is not hex; …`). */
export function toId(raw: string, path: string, normalise: (raw: string) => IdResult): string {
  const result = normalise(raw);
  if (result.ok) return result.id;
  const digits = normalise === normaliseTraceId ? "1-32" : "1-16";
  throw badRequest(`${path}: ${describeValue(raw)} ${result.reason}; expected ${digits} hex digits`);
}

/**
 * Microseconds as a non-negative safe integer, from a JSON number (rounded: some reporters write
 * fractions such as 1.559594222395e+15) or a Thrift i64 (a decimal string when past 2^53). Past 2^53
 * a number is no longer exact, and as a timestamp it is past the year 2255: refused by `path`.
 */
export function toMicros(value: number | string, path: string): number {
  if (typeof value === "number" && value >= 0 && value <= Number.MAX_SAFE_INTEGER) return Math.round(value);
  throw wrongValue(path, "microseconds from 0 to 2^53", value);
}

/** `json[key]` as microseconds (see `toMicros`); `path` is where `json` sits. */
export function readMicros<const O extends ReadOptions>(
  json: JsonObject,
  key: string,
  path: string,
  options?: O,
): Read<number, O> {
  const value = readNumber(json, key, path, options);
  return (value === undefined ? undefined : toMicros(value, `${path}.${key}`)) as Read<number, O>;
}

/** `target[key] = value`, also for the key "__proto__", which senders may write and plain assignment would eat. */
export function setAttribute(target: Attributes, key: string, value: AttributeValue): void {
  if (key === "__proto__")
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** A JSON request body, or a 400 saying where it broke. */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) throw badRequest("body is empty: expected JSON");
  try {
    return JSON.parse(body.toString("utf8"));
  } catch (error) {
    throw badRequest(`body is not JSON: ${(error as Error).message}`);
  }
}
