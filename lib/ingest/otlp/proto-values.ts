import { badRequest } from "../../errors";
import type { Attributes, AttributeValue } from "../../model/span";
import { setAttribute } from "../shared/fields";
import { MAX_VALUE_DEPTH } from "./mapping";
import { ANY_VALUE_FIELDS, type Int64, type ProtoAnyValue, type ProtoKeyValue } from "./proto-schema";

/**
 * OTLP protobuf attribute lists: KeyValue lists of AnyValues, as protobufjs decodes them, as canonical
 * attributes, for the decoder of proto.ts.
 */

export function readAttributes(list: ProtoKeyValue[], path: string, depth: number): Attributes {
  const attributes: Attributes = {};
  for (let i = 0; i < list.length; i++) {
    const { key, value } = list[i] as ProtoKeyValue;
    const converted = value ? readValue(value, path, i, ".value", depth) : undefined;
    if (converted !== undefined) setAttribute(attributes, key, converted);
  }
  return attributes;
}

/**
 * An AnyValue, the element `index` of the list at `listPath` (`suffix` follows the index in its path,
 * which is built only when needed). No field set is OTel's "empty" value: it is left out.
 */
function readValue(
  value: ProtoAnyValue,
  listPath: string,
  index: number,
  suffix: string,
  depth: number,
): AttributeValue | undefined {
  switch (setField(value)) {
    case "stringValue":
      return value.stringValue;
    case "boolValue":
      return value.boolValue;
    case "intValue":
      return int64(value.intValue);
    case "doubleValue":
      // As protobuf's JSON mapping writes them, so both encodings store the same value.
      return Number.isFinite(value.doubleValue) ? value.doubleValue : String(value.doubleValue);
    case "bytesValue":
      return Buffer.from(
        value.bytesValue.buffer,
        value.bytesValue.byteOffset,
        value.bytesValue.length,
      ).toString("base64");
    case "arrayValue":
    case "kvlistValue": {
      const nestedPath = `${listPath}[${index}]${suffix}.${setField(value)}.values`;
      if (depth >= MAX_VALUE_DEPTH)
        throw badRequest(`${nestedPath}: nested deeper than ${MAX_VALUE_DEPTH} levels`);
      if (setField(value) === "kvlistValue")
        return readAttributes(value.kvlistValue.values, nestedPath, depth + 1);
      const out: AttributeValue[] = [];
      const { values } = value.arrayValue;
      for (let i = 0; i < values.length; i++) {
        const item = readValue(values[i] as ProtoAnyValue, nestedPath, i, "", depth + 1);
        if (item !== undefined) out.push(item);
      }
      return out;
    }
    default:
      return undefined;
  }
}

/**
 * Which of AnyValue's fields the sender set. The schema above declares them `optional` rather than
 * as the proto's `oneof` (the same bytes on the wire): protobufjs enforces a oneof by deleting the
 * other members from every decoded value, which cost a fifth of the decoder's time, and `optional`
 * keeps a value equal to its default (`false`, `""`, `0`), which protobufjs drops from plain fields.
 * A decoded message holds as own properties only the fields that were on the wire.
 */
function setField(value: ProtoAnyValue): (typeof ANY_VALUE_FIELDS)[number] | undefined {
  for (const field of ANY_VALUE_FIELDS) if (Object.hasOwn(value, field)) return field;
  return undefined;
}

/** A JS number when safe, else the decimal string (the model's rule for 64-bit integers). */
function int64(value: Int64): number | string {
  if (typeof value === "number") return value;
  const number = value.high * 2 ** 32 + (value.low >>> 0);
  return Number.isSafeInteger(number)
    ? number
    : ((BigInt(value.high) << 32n) + BigInt(value.low >>> 0)).toString();
}
