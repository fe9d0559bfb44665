import { badRequest, describeType, RequestError } from "../errors";
import type { Span } from "../model/span";
import { decodeJaegerJson } from "./jaeger/json";
import { decodeOtlpJson } from "./otlp/json";
import type { JsonObject } from "./shared/fields";
import { decodeZipkinV1Json } from "./zipkin/v1";
import { decodeZipkinV2 } from "./zipkin/v2";

/**
 * Decodes a trace file someone downloaded and uploads to look at: what Jaeger UI's "Download JSON"
 * gives (the `/api/traces` shape, one trace or an envelope of several), what Zipkin's UI and API give
 * (v2 or v1 JSON: an array of spans, or of traces that are arrays of spans), or OTLP JSON (also as
 * Jaeger's api_v3 `{result: …}` and as JSON lines, one request per line). The format is recognised
 * from the document's shape, never from the file name, and a file of several JSON documents may mix
 * them.
 */
export function decodeTraceFile(body: Buffer): { spans: Span[] } {
  const text = body.toString("utf8").replace(/^\uFEFF/, "");
  if (text.trim() === "") throw badRequest("the file is empty: expected a Jaeger, Zipkin or OTLP JSON trace");
  const spans = jsonDocuments(text).flatMap(({ value, where }) =>
    withContext(where, () => decodeDocument(value)),
  );
  if (spans.length === 0) throw badRequest("the file holds no spans");
  return { spans };
}

/** The file as one JSON document, or else as JSON lines; `where` names a line for messages. */
function jsonDocuments(text: string): { value: unknown; where?: string }[] {
  try {
    return [{ value: JSON.parse(text) }];
  } catch (error) {
    const lines = text.split("\n");
    if (lines.filter((line) => line.trim() !== "").length < 2) {
      throw badRequest(`the file is not JSON: ${(error as Error).message}`);
    }
    return lines.flatMap((line, i) => {
      if (line.trim() === "") return [];
      try {
        return [{ value: JSON.parse(line), where: `line ${i + 1}` }];
      } catch (lineError) {
        throw badRequest(`line ${i + 1} is not JSON: ${(lineError as Error).message}`);
      }
    });
  }
}

function decodeDocument(value: unknown): Span[] {
  if (Array.isArray(value)) return decodeSpanList(value.some(Array.isArray) ? value.flat() : value);
  if (typeof value !== "object" || value === null) {
    throw badRequest(`expected a JSON object or array of spans or traces, got ${describeType(value)}`);
  }
  const json = value as JsonObject;
  if ("resourceSpans" in json || "resource_spans" in json) return decodeOtlpJson(json).spans;
  const result = json.result as JsonObject | undefined;
  if (typeof result === "object" && result !== null && "resourceSpans" in result) {
    return decodeOtlpJson(result).spans;
  }
  if ("data" in json || "traceID" in json) return decodeJaegerJson(json).spans;
  if ("traceId" in json) return decodeSpanList([json]);
  throw badRequest(
    "not a trace format Tracelight knows: expected Jaeger JSON ({data: [...]} or a trace with traceID), " +
      "Zipkin v1 or v2 JSON (an array of spans) or OTLP JSON ({resourceSpans: [...]})",
  );
}

/** A flat list of spans: Jaeger's (traceID), Zipkin v1's (binaryAnnotations, endpoints on annotations) or v2's. */
function decodeSpanList(list: unknown[]): Span[] {
  if (list.length === 0) return [];
  const spans = list.filter((item): item is JsonObject => typeof item === "object" && item !== null);
  if (spans.some((span) => "traceID" in span)) return decodeJaegerJson(list).spans;
  return (spans.some(isZipkinV1) ? decodeZipkinV1Json(list) : decodeZipkinV2(list)).spans;
}

function isZipkinV1(span: JsonObject): boolean {
  if ("binaryAnnotations" in span) return true;
  const annotations = span.annotations;
  return (
    !("localEndpoint" in span) &&
    Array.isArray(annotations) &&
    annotations.some(
      (annotation) => typeof annotation === "object" && annotation !== null && "endpoint" in annotation,
    )
  );
}

function withContext<T>(where: string | undefined, decode: () => T): T {
  if (where === undefined) return decode();
  try {
    return decode();
  } catch (error) {
    if (error instanceof RequestError) throw new RequestError(error.status, `${where}: ${error.message}`);
    throw error;
  }
}
