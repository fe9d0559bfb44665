import { badRequest, describeType } from "../../errors";
import { normaliseSpanId, normaliseTraceId } from "../../model/ids";
import {
  expectObject,
  type JsonObject,
  readBoolean,
  readMicros,
  readNumber,
  readObject,
  readObjects,
  readString,
  toId,
  wrongType,
  wrongValue,
} from "../shared/fields";
import type { V1Annotation, V1BinaryAnnotation, V1Endpoint, V1Span } from "./v1-model";

const REQUIRED = { required: true } as const;
const ALL_ZEROS = /^0+$/;
const VALUE_TYPES: ReadonlySet<string> = new Set(["BOOL", "BYTES", "I16", "I32", "I64", "DOUBLE", "STRING"]);

/** Reads and checks the JSON v1 spans of `body`, refusing the first bad field by its v1 path. */
export function readZipkinV1Json(body: unknown): V1Span[] {
  if (!Array.isArray(body)) {
    throw badRequest(`expected a JSON array of Zipkin v1 spans, got ${describeType(body)}`);
  }
  const spans: V1Span[] = new Array(body.length);
  for (let i = 0; i < body.length; i++) spans[i] = readSpan(body[i], `span[${i}]`);
  return spans;
}

function readSpan(value: unknown, path: string): V1Span {
  const json = expectObject(value, path);
  // The 128-bit trace id of v1 JSON is the 32-digit traceId itself; traceIdHigh is Thrift's.
  const traceId = toId(readString(json, "traceId", path, REQUIRED), `${path}.traceId`, normaliseTraceId);
  const rawParentId = readString(json, "parentId", path);
  const span: V1Span = {
    traceId,
    id: toId(readString(json, "id", path, REQUIRED), `${path}.id`, normaliseSpanId),
    name: readString(json, "name", path) ?? "",
    debug: readBoolean(json, "debug", path) === true,
    annotations: readAnnotations(json, path),
    binaryAnnotations: readBinaryAnnotations(json, path),
  };
  // Zipkin reads an all-zero parent as "no parent": some tracers write it on roots.
  if (rawParentId !== undefined && !ALL_ZEROS.test(rawParentId)) {
    span.parentId = toId(rawParentId, `${path}.parentId`, normaliseSpanId);
  }
  const timestampUs = readMicros(json, "timestamp", path);
  if (timestampUs) span.timestampUs = timestampUs;
  const durationUs = readMicros(json, "duration", path);
  if (durationUs) span.durationUs = durationUs;
  return span;
}

function readAnnotations(json: JsonObject, path: string): V1Annotation[] {
  return readObjects(json, "annotations", path, (item, itemPath) => {
    const timestampUs = readMicros(item, "timestamp", itemPath, REQUIRED);
    const annotation: V1Annotation = { timestampUs, value: readString(item, "value", itemPath, REQUIRED) };
    const endpoint = readEndpoint(item, itemPath);
    if (endpoint !== undefined) annotation.endpoint = endpoint;
    return annotation;
  });
}

/**
 * v1 JSON writes `type` only for values that are not strings, and then the value in its JSON form:
 * a boolean, a number, or base64 for BYTES. They all become string tags but booleans, which may be
 * address annotations (ca, sa, ma).
 */
function readBinaryAnnotations(json: JsonObject, path: string): V1BinaryAnnotation[] {
  return readObjects(json, "binaryAnnotations", path, (item, itemPath) => {
    const key = readString(item, "key", itemPath, REQUIRED);
    const type = readString(item, "type", itemPath);
    if (type !== undefined && !VALUE_TYPES.has(type)) {
      throw wrongValue(`${itemPath}.type`, "BOOL, BYTES, I16, I32, I64, DOUBLE or STRING", type);
    }
    const annotation: V1BinaryAnnotation = { key, value: readValue(item.value, `${itemPath}.value`) };
    const endpoint = readEndpoint(item, itemPath);
    if (endpoint !== undefined) annotation.endpoint = endpoint;
    return annotation;
  });
}

function readValue(value: unknown, path: string): string | boolean {
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (value === undefined || value === null) {
    throw badRequest(`${path}: missing; expected a string, number or boolean`);
  }
  throw wrongType(path, "a string, number or boolean", value);
}

function readEndpoint(json: JsonObject, path: string): V1Endpoint | undefined {
  const endpoint = readObject(json, "endpoint", path);
  if (endpoint === undefined) return undefined;
  const endpointPath = `${path}.endpoint`;
  const result: V1Endpoint = {};
  const serviceName = readString(endpoint, "serviceName", endpointPath);
  if (serviceName) result.serviceName = serviceName;
  const ipv4 = readString(endpoint, "ipv4", endpointPath);
  if (ipv4) result.ipv4 = ipv4;
  const ipv6 = readString(endpoint, "ipv6", endpointPath);
  if (ipv6) result.ipv6 = ipv6;
  const port = readNumber(endpoint, "port", endpointPath);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw wrongValue(`${endpointPath}.port`, "an integer from 0 to 65535", port);
  }
  // Port 0 is Zipkin's "unknown".
  if (port) result.port = port;
  return result;
}
