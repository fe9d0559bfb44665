import { badRequest } from "../../errors";
import type { Attributes, AttributeValue } from "../../model/span";
import {
  expectObject,
  type JsonObject,
  readArray,
  readString,
  setAttribute,
  wrongType,
  wrongValue,
} from "../shared/fields";
import { BASE64, MAX_VALUE_DEPTH } from "./mapping";

/**
 * OTLP/JSON attribute lists: KeyValue lists of AnyValues as canonical attributes, for the decoder of
 * json.ts. Every AnyValue type is read, in OTLP/JSON's spelling and in protobuf's canonical JSON
 * (snake_case keys, 64-bit integers as strings or numbers). This is `json.attributes`.
 */
export function readAttributes(json: JsonObject, path: string): Attributes {
  return readKeyValues(json, "attributes", path, 0);
}

/**
 * A list of KeyValue as attributes; a KeyValue with an empty value carries nothing and is left out.
 * Paths are built only for a refusal or a nested value: attributes are most of a request's fields.
 */
function readKeyValues(json: JsonObject, listKey: string, path: string, depth: number): Attributes {
  const attributes: Attributes = {};
  const list = readArray(json, listKey, path);
  if (list === undefined) return attributes;
  const listPath = `${path}.${listKey}`;
  for (let i = 0; i < list.length; i++) {
    const item = list[i] as JsonObject;
    const name = typeof item === "object" && item !== null ? item.key : undefined;
    if (typeof name !== "string") {
      const itemPath = `${listPath}[${i}]`;
      readString(expectObject(item, itemPath), "key", itemPath, { required: true });
    }
    const raw = item.value;
    const value =
      raw === undefined || raw === null ? undefined : readValue(raw, listPath, i, ".value", depth);
    if (value !== undefined) setAttribute(attributes, name as string, value);
  }
  return attributes;
}

/**
 * An AnyValue, the element `index` of the list at `listPath` (`suffix` follows the index in its
 * path): one of its fields is set; none set is the "empty" value, returned as undefined.
 */
function readValue(
  value: unknown,
  listPath: string,
  index: number,
  suffix: string,
  depth: number,
): AttributeValue | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw wrongType(`${listPath}[${index}]${suffix}`, "an object", value);
  }
  const json = value as JsonObject;
  for (const field in json) {
    const v = json[field];
    if (v === undefined || v === null) continue;
    switch (field) {
      case "stringValue":
      case "string_value":
        if (typeof v === "string") return v;
        break;
      case "boolValue":
      case "bool_value":
        if (typeof v === "boolean") return v;
        break;
      case "intValue":
      case "int_value": {
        const int = readInt(v);
        if (int !== undefined) return int;
        break;
      }
      case "doubleValue":
      case "double_value":
        if (typeof v === "number") return v;
        break;
      case "bytesValue":
      case "bytes_value":
        if (typeof v === "string" && (v === "" || BASE64.test(v))) {
          return Buffer.from(v, "base64").toString("base64");
        }
        break;
      case "arrayValue":
      case "array_value":
      case "kvlistValue":
      case "kvlist_value":
        return readNested(v, `${listPath}[${index}]${suffix}.${field}`, field[0] === "k", depth);
      default:
        continue;
    }
    return readOddValue(v, `${listPath}[${index}]${suffix}.${field}`, field);
  }
  return undefined;
}

/** An arrayValue or kvlistValue, refused past MAX_VALUE_DEPTH. */
function readNested(value: unknown, path: string, isKvlist: boolean, depth: number): AttributeValue {
  if (depth >= MAX_VALUE_DEPTH) throw badRequest(`${path}: nested deeper than ${MAX_VALUE_DEPTH} levels`);
  const inner = expectObject(value, path);
  if (isKvlist) return readKeyValues(inner, "values", path, depth + 1);
  const list = readArray(inner, "values", path) ?? [];
  const out: AttributeValue[] = [];
  const listPath = `${path}.values`;
  for (let i = 0; i < list.length; i++) {
    const item = readValue(list[i], listPath, i, "", depth + 1);
    if (item !== undefined) out.push(item);
  }
  return out;
}

/**
 * A value that is not of its field's usual JSON type: a double as protobuf JSON writes NaN and the
 * infinities (kept as those strings) or a number in a string; anything else is refused.
 */
function readOddValue(value: unknown, path: string, field: string): AttributeValue {
  if (field === "doubleValue" || field === "double_value") {
    if (value === "NaN" || value === "Infinity" || value === "-Infinity") return value;
    const number = typeof value === "string" && value.trim() !== "" ? Number(value) : Number.NaN;
    if (Number.isFinite(number)) return number;
    throw wrongValue(path, "a number", value);
  }
  if (field === "bytesValue" || field === "bytes_value") throw wrongValue(path, "base64", value);
  if (field === "intValue" || field === "int_value") throw wrongValue(path, "a 64-bit integer", value);
  throw wrongType(path, field.startsWith("s") ? "a string" : "a boolean", value);
}

/** An int64: a JS number when safe, else its decimal string (the model's rule); undefined if not one. */
function readInt(value: unknown): number | string | undefined {
  if (typeof value === "number") {
    if (Number.isSafeInteger(value)) return value;
    return Number.isInteger(value) && value < 2 ** 63 && value >= -(2 ** 63)
      ? BigInt(value).toString()
      : undefined;
  }
  if (typeof value !== "string") return undefined;
  const sign = value.charCodeAt(0) === 45 ? 1 : 0;
  if (value.length === sign || value.length - sign > 19) return undefined;
  for (let i = sign; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  const number = Number(value);
  if (Number.isSafeInteger(number)) return number;
  const big = BigInt(value);
  return big < 2n ** 63n && big >= -(2n ** 63n) ? big.toString() : undefined;
}
