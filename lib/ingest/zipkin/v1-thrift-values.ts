import { badRequest } from "../../errors";

/**
 * A Thrift BinaryAnnotation's `value`: bytes whose meaning `annotation_type` gives (numbers
 * big-endian, THRIFT-3217). Zipkin tags are strings, so every type but BOOL becomes its string form;
 * BOOL stays a boolean because it marks the address annotations (ca, sa, ma).
 */
const TYPES = ["BOOL", "BYTES", "I16", "I32", "I64", "DOUBLE", "STRING"] as const;
const SIZES = [1, 0, 2, 4, 8, 8, 0];

export interface TypedValue {
  value: string | boolean;
  /** Set when the value had more bytes than its type holds: senders that do this mean the first ones. */
  warning?: string;
}

export function readTypedValue(bytes: Buffer, annotationType: number, path: string): TypedValue {
  const type = TYPES[annotationType];
  const size = SIZES[annotationType];
  if (type === undefined || size === undefined) {
    throw badRequest(`${path}.annotation_type: expected 0 (BOOL) to 6 (STRING), got ${annotationType}`);
  }
  if (bytes.length < size) {
    throw badRequest(`${path}.value: expected ${size} bytes for ${type}, got ${bytes.length}`);
  }
  const value = typedValue(bytes, type);
  if (size === 0 || bytes.length === size) return { value };
  return { value, warning: `${type} value of ${bytes.length} bytes; read the first ${size}` };
}

function typedValue(bytes: Buffer, type: (typeof TYPES)[number]): string | boolean {
  switch (type) {
    case "BOOL":
      return bytes[0] !== 0;
    case "BYTES":
      return bytes.toString("base64");
    case "I16":
      return String(bytes.readInt16BE(0));
    case "I32":
      return String(bytes.readInt32BE(0));
    case "I64":
      return bytes.readBigInt64BE(0).toString();
    case "DOUBLE":
      return String(bytes.readDoubleBE(0));
    case "STRING":
      return bytes.toString("utf8");
  }
}
