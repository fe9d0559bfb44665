import { decodeDatadogTraces } from "../ingest/datadog/traces";
import { decodeAgentDatagram } from "../ingest/jaeger/agent";
import { decodeJaegerThrift } from "../ingest/jaeger/thrift";
import { decodeOtlpJson } from "../ingest/otlp/json";
import { decodeOtlpProto } from "../ingest/otlp/proto";
import { parseJsonBody } from "../ingest/shared/fields";
import { decodeTraceFile } from "../ingest/trace-file";
import { decodeZipkinProto3 } from "../ingest/zipkin/proto3";
import { decodeZipkinV1Json, decodeZipkinV1Thrift } from "../ingest/zipkin/v1";
import { decodeZipkinV2 } from "../ingest/zipkin/v2";
import type { Span } from "../model/span";

/**
 * Every wire format Tracelight takes, by the name it is counted under in /metrics and sent to a decode
 * worker by (a function cannot cross threads, a name can). Each decoder is pure: bytes in, canonical
 * spans out (or a 400 RequestError naming the field); the collector normalises what they return.
 */
export const FORMATS = {
  "zipkin-v2-json": (body) => decodeZipkinV2(parseJsonBody(body)),
  "zipkin-v2-proto3": decodeZipkinProto3,
  "zipkin-v1-json": (body) => decodeZipkinV1Json(parseJsonBody(body)),
  "zipkin-v1-thrift": decodeZipkinV1Thrift,
  "jaeger-thrift": decodeJaegerThrift,
  "jaeger-agent": decodeAgentDatagram,
  "otlp-proto": decodeOtlpProto,
  "otlp-json": (body) => decodeOtlpJson(parseJsonBody(body)),
  "datadog-v0.3-json": (body) => decodeDatadogTraces(body, "v0.3-json"),
  "datadog-v0.4-json": (body) => decodeDatadogTraces(body, "v0.4-json"),
  "datadog-v0.4-msgpack": (body) => decodeDatadogTraces(body, "v0.4-msgpack"),
  "datadog-v0.5-msgpack": (body) => decodeDatadogTraces(body, "v0.5-msgpack"),
  "trace-file": decodeTraceFile,
} satisfies Record<string, (body: Buffer) => { spans: Span[] }>;

export type FormatName = keyof typeof FORMATS;

/** How the bytes arrived, for /metrics: the same format may come by several transports. */
export type Transport = "http" | "grpc" | "udp" | "upload";
