import { createHash } from "node:crypto";
import { badRequest, describeValue } from "../../errors";
import { normaliseSpanId, normaliseTraceId } from "../../model/ids";
import type { AttributeValue } from "../../model/span";
import { type JsonObject, readObjects, readString, wrongType, wrongValue } from "../shared/fields";
import type { Tag } from "./model";

const REQUIRED = { required: true } as const;
const DECIMAL = /^-?\d{1,20}$/;

/**
 * A Jaeger JSON id as canonical hex. Ids that are not hex occur only in hand-made files (Jaeger UI's
 * test traces use "trace-123" and "span-A"), and Jaeger JSON is only ever uploaded to be looked at,
 * so such an id is replaced by a hash of it rather than refused: the same raw id always gives the same
 * hex id, so parents and references still join. The span says so in a warning. An empty or all-zero
 * id means "none" in every tracer and is refused.
 */
export function readJsonId(
  json: JsonObject,
  key: string,
  path: string,
  kind: "trace" | "span",
  warnings: string[],
  label = key,
): string {
  const raw = readString(json, key, path, REQUIRED);
  const normalise = kind === "trace" ? normaliseTraceId : normaliseSpanId;
  const result = normalise(raw);
  if (result.ok) return result.id;
  if (raw !== "" && result.reason !== "is all zeros") {
    const hashed = normalise(
      createHash("sha256")
        .update(raw)
        .digest("hex")
        .slice(0, kind === "trace" ? 32 : 16),
    );
    if (hashed.ok) {
      warnings.push(`${label} ${describeValue(raw)} is not a hex id; replaced by ${hashed.id}`);
      return hashed.id;
    }
  }
  const digits = kind === "trace" ? "1-32" : "1-16";
  throw badRequest(`${path}.${key}: ${describeValue(raw)} ${result.reason}; expected ${digits} hex digits`);
}

/** `json[key]`, a list of `{key, type, value}`, as typed tags. */
export function readJsonTags(json: JsonObject, key: string, path: string): Tag[] {
  return readObjects(json, key, path, (tag, tagPath): Tag => {
    const type = readString(tag, "type", tagPath);
    const tagKey = readString(tag, "key", tagPath, REQUIRED);
    const value = tagValue(type, tag.value, tagPath);
    return type === "binary" ? { key: tagKey, value, binary: true } : { key: tagKey, value };
  });
}

/**
 * The value as its declared type. Jaeger writes an int64 past 2^53 as a decimal string so that it
 * stays exact; it is kept as one, as OTel does. Hand-made and anonymised files write booleans as
 * "true"/"false" and leave out the type, which is then the value's own.
 */
function tagValue(type: string | undefined, value: unknown, path: string): AttributeValue {
  switch (type) {
    case "string":
      if (typeof value === "string") return value;
      if (typeof value === "number" || typeof value === "boolean") return String(value);
      throw wrongType(`${path}.value`, "a string", value);
    case "bool":
      if (typeof value === "boolean") return value;
      if (value === "true" || value === "false") return value === "true";
      throw wrongValue(`${path}.value`, "true or false", value);
    case "int64":
      return int64Value(value, path);
    case "float64":
      if (typeof value === "number") return value;
      throw wrongType(`${path}.value`, "a number", value);
    case "binary":
      if (typeof value === "string") return value;
      throw wrongType(`${path}.value`, "a base64 string", value);
    case undefined:
      if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
      throw wrongType(`${path}.value`, "a string, number or boolean", value);
    default:
      throw wrongValue(`${path}.type`, "string, bool, int64, float64 or binary", type);
  }
}

function int64Value(value: unknown, path: string): number | string {
  if (typeof value === "number" && Number.isInteger(value) && Math.abs(value) <= 2 ** 63) {
    // Past 2^53 the JSON parser has already rounded it; its decimal form is all that is left.
    return Number.isSafeInteger(value) ? value : BigInt(value).toString();
  }
  if (typeof value === "string" && DECIMAL.test(value)) {
    const bits = BigInt(value);
    if (BigInt.asIntN(64, bits) === bits) {
      return bits >= BigInt(Number.MIN_SAFE_INTEGER) && bits <= BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(bits)
        : bits.toString();
    }
  }
  throw wrongValue(`${path}.value`, "a 64-bit integer", value);
}
