import { encodeZipkinV2, type ZipkinV2Endpoint } from "../lib/encode/zipkin-v2";
import { decodeJaegerThrift } from "../lib/ingest/jaeger/thrift";
import { decodeOtlpJson } from "../lib/ingest/otlp/json";
import { decodeOtlpProto } from "../lib/ingest/otlp/proto";
import { decodeZipkinProto3 } from "../lib/ingest/zipkin/proto3";
import { decodeZipkinV2 } from "../lib/ingest/zipkin/v2";
import type { Span } from "../lib/model/span";
import { encodeZipkinProto3 } from "../test/zipkin-encoders";
import { toJaegerThriftBatch } from "./jaeger-thrift-encoder";
import { toOtlpJsonBody, toOtlpProtobufBody } from "./otlp-encoder";

/**
 * The wire formats the ingest benchmark sends the same spans in, each as its tracers write it, to the
 * endpoint and with the Content-Type they use. `decode` is the server's decoder, for timing the Node
 * side alone.
 */
export interface WireFormat {
  name: string;
  path: string;
  contentType: string;
  /** The status a stored request is answered with. */
  status: number;
  /** Request bodies of at most `perBody` spans. */
  encode(spans: Span[], perBody: number): Buffer[];
  decode(body: Buffer): { spans: Span[] };
}

export const WIRE_FORMATS: WireFormat[] = [
  {
    name: "Zipkin v2 JSON",
    path: "/api/v2/spans",
    contentType: "application/json",
    status: 202,
    encode: (spans, perBody) =>
      chunks(spans, perBody).map((chunk) => Buffer.from(JSON.stringify(encodeZipkinV2(chunk)))),
    decode: (body) => decodeZipkinV2(JSON.parse(body.toString("utf8"))),
  },
  {
    name: "Zipkin v2 proto3",
    path: "/api/v2/spans",
    contentType: "application/x-protobuf",
    status: 202,
    encode: (spans, perBody) =>
      chunks(spans, perBody).map((chunk) => encodeZipkinProto3({ spans: chunk.map(toProto3Span) })),
    decode: decodeZipkinProto3,
  },
  {
    name: "OTLP/HTTP protobuf",
    path: "/v1/traces",
    contentType: "application/x-protobuf",
    status: 200,
    encode: (spans, perBody) => chunks(unshared(spans), perBody).map(toOtlpProtobufBody),
    decode: decodeOtlpProto,
  },
  {
    name: "OTLP/HTTP JSON",
    path: "/v1/traces",
    contentType: "application/json",
    status: 200,
    encode: (spans, perBody) => chunks(unshared(spans), perBody).map(toOtlpJsonBody),
    decode: (body) => decodeOtlpJson(JSON.parse(body.toString("utf8"))),
  },
  {
    name: "Jaeger Thrift",
    path: "/api/traces",
    contentType: "application/x-thrift",
    status: 202,
    // A Batch holds one process: the spans of one service, as one jaeger-client flush would send.
    encode: (spans, perBody) =>
      byService(unshared(spans)).flatMap((serviceSpans) =>
        chunks(serviceSpans, perBody).map(toJaegerThriftBatch),
      ),
    decode: decodeJaegerThrift,
  },
];

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  );
}

function byService(spans: Span[]): Span[][] {
  const groups = new Map<string, Span[]>();
  for (const span of spans) {
    const group = groups.get(span.serviceName);
    if (group) group.push(span);
    else groups.set(span.serviceName, [span]);
  }
  return [...groups.values()];
}

/**
 * Only Zipkin lets a client and a server share a span id. For the other formats the server half gets
 * its own id and the client half as its parent, as an OTel or Jaeger tracer would have recorded it.
 */
function unshared(spans: Span[]): Span[] {
  return spans.map((span) => {
    if (!span.shared) return span;
    const { shared: _shared, ...rest } = span;
    const spanId = `${(Number.parseInt(span.spanId.slice(0, 1), 16) ^ 8).toString(16)}${span.spanId.slice(1)}`;
    return { ...rest, spanId, parentSpanId: span.spanId };
  });
}

/** A Zipkin v2 span in proto3's JSON form (snake_case, ids and addresses as bytes). */
function toProto3Span(span: Span) {
  const v2 = encodeZipkinV2([span])[0] as ReturnType<typeof encodeZipkinV2>[number];
  return {
    trace_id: Buffer.from(v2.traceId, "hex"),
    ...(v2.parentId ? { parent_id: Buffer.from(v2.parentId, "hex") } : {}),
    id: Buffer.from(v2.id, "hex"),
    ...(v2.kind ? { kind: v2.kind } : {}),
    name: v2.name ?? "",
    timestamp: v2.timestamp ?? 0,
    duration: v2.duration ?? 0,
    ...(v2.localEndpoint ? { local_endpoint: toProto3Endpoint(v2.localEndpoint) } : {}),
    ...(v2.remoteEndpoint ? { remote_endpoint: toProto3Endpoint(v2.remoteEndpoint) } : {}),
    annotations: v2.annotations ?? [],
    tags: v2.tags ?? {},
    shared: v2.shared === true,
  };
}

function toProto3Endpoint(endpoint: ZipkinV2Endpoint) {
  return {
    service_name: endpoint.serviceName ?? "",
    ...(endpoint.ipv4 ? { ipv4: Buffer.from(endpoint.ipv4.split(".").map(Number)) } : {}),
    port: endpoint.port ?? 0,
  };
}
