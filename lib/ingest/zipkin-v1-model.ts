import { badRequest } from "../errors";
import { type IdResult, normaliseTraceId } from "../model/ids";
import { describeValue, wrongValue } from "./fields";

/**
 * The Zipkin v1 model both v1 encodings (JSON and Thrift) are read into, already checked by their
 * readers so that every refusal names the v1 field. Ids are normalised, times are non-negative safe
 * integer microseconds, and the 0 that v1 writes for an unknown time or port reads as absent.
 */
export interface V1Endpoint {
  /** Absent when empty: v1 allows "" for a service not yet known. */
  serviceName?: string;
  ipv4?: string;
  ipv6?: string;
  port?: number;
}

export interface V1Annotation {
  timestampUs: number;
  value: string;
  endpoint?: V1Endpoint;
}

/** `value` is a boolean only for a BOOL annotation, the type address annotations (ca, sa, ma) have. */
export interface V1BinaryAnnotation {
  key: string;
  value: string | boolean;
  endpoint?: V1Endpoint;
}

export interface V1Span {
  traceId: string;
  id: string;
  parentId?: string;
  name: string;
  timestampUs?: number;
  durationUs?: number;
  debug: boolean;
  annotations: V1Annotation[];
  binaryAnnotations: V1BinaryAnnotation[];
  /** What the reader repaired; carried onto every canonical span made from this one. */
  warnings?: string[];
}

/** A normalised id, or a 400 naming `path` in the v2 decoder's words. */
export function toId(raw: string, path: string, normalise: (raw: string) => IdResult): string {
  const result = normalise(raw);
  if (result.ok) return result.id;
  const digits = normalise === normaliseTraceId ? "1-32" : "1-16";
  throw badRequest(`${path}: ${describeValue(raw)} ${result.reason}; expected ${digits} hex digits`);
}

/**
 * A v1 time in microseconds: a JSON number, or a Thrift i64 (its decimal string when past 2^53).
 * Rounded, as some reporters write floats; refused by name when negative or too large to be exact.
 */
export function toMicros(value: number | string, path: string): number {
  if (typeof value === "string" || value < 0 || value > Number.MAX_SAFE_INTEGER) {
    throw wrongValue(path, "microseconds from 0 to 2^53", value);
  }
  return Math.round(value);
}
