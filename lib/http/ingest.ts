import type { IncomingMessage } from "node:http";
import type { Config } from "../config";
import { type SaveOptions, saveSpans } from "../db/save-spans";
import { RequestError } from "../errors";
import { type DatadogFormat, decodeDatadogTraces } from "../ingest/datadog";
import { decodeJaegerThrift } from "../ingest/jaeger-thrift";
import { decodeOtlpJson } from "../ingest/otlp-json";
import { decodeOtlpProto } from "../ingest/otlp-proto";
import { encodeOtlpResponse, encodeOtlpStatus, partialSuccessOf } from "../ingest/otlp-response";
import { decodeTraceFile } from "../ingest/trace-file";
import { decodeZipkinProto3 } from "../ingest/zipkin-proto3";
import { decodeZipkinV1Json, decodeZipkinV1Thrift } from "../ingest/zipkin-v1";
import { decodeZipkinV2 } from "../ingest/zipkin-v2";
import type { Span } from "../model/span";
import { parseJson, readBody } from "./body";
import { type ApiRequest, json, type Reply, type Route } from "./router";

/**
 * The ingest routes: tracers' POSTs, decoded by the Content-Type's decoder and stored in one
 * transaction. Every route ends the same way: 2xx only after the whole request is committed, else a
 * 4xx naming the problem, in the one error shape `{ "error": message }` unless the peer's protocol
 * defines its own (OTLP).
 */
type BodyEncoding = "json" | "protobuf" | "thrift" | "msgpack";

const CONTENT_TYPES: Record<BodyEncoding, { pattern: RegExp; name: string }> = {
  json: { pattern: /^application\/json\b/i, name: "application/json" },
  protobuf: { pattern: /^application\/(x-)?protobuf\b/i, name: "application/x-protobuf" },
  thrift: {
    pattern: /^application\/(x-thrift|vnd\.apache\.thrift\.binary)\b/i,
    name: "application/x-thrift",
  },
  msgpack: { pattern: /^application\/(x-)?msgpack\b/i, name: "application/msgpack" },
};

interface IngestRoute {
  /** The methods the route takes: POST unless the peer's protocol says otherwise. */
  methods?: Route["method"][];
  /** Decoders by body encoding; a request without a Content-Type is taken to be the first. */
  decoders: Partial<Record<BodyEncoding, (body: Buffer) => { spans: Span[] }>>;
  /** Decides the Content-Type when the route takes any (a file upload). */
  anyContentType?: BodyEncoding;
  accepted(spans: Span[], encoding: BodyEncoding): Reply;
  refused?(status: number, message: string, encoding: BodyEncoding): Reply;
}

// Zipkin's and Jaeger's collectors answer 202 with no body once the spans are stored.
const ACCEPTED: Reply = { status: 202 };

// The Datadog agent answers its sampling rates, which tracers apply to the traces they keep: one
// default rate of 1 keeps them all.
const DATADOG_RATES = json({ rate_by_service: { "service:,env:": 1 } });

/** The Datadog agent's trace endpoint of a version: PUT as tracers send, POST as some proxies do. */
function datadogTraces(decoders: IngestRoute["decoders"]): IngestRoute {
  return { methods: ["PUT", "POST"], decoders, accepted: () => DATADOG_RATES };
}

const datadog = (format: DatadogFormat) => (body: Buffer) => decodeDatadogTraces(body, format);

const INGEST: Record<string, IngestRoute> = {
  "/api/v2/spans": {
    decoders: { json: (body) => decodeZipkinV2(parseJson(body)), protobuf: decodeZipkinProto3 },
    accepted: () => ACCEPTED,
  },
  "/api/v1/spans": {
    decoders: { json: (body) => decodeZipkinV1Json(parseJson(body)), thrift: decodeZipkinV1Thrift },
    accepted: () => ACCEPTED,
  },
  // Jaeger collector's HTTP endpoint, as jaeger-client's HTTP sender and Pomerium use it.
  "/api/traces": {
    decoders: { thrift: decodeJaegerThrift },
    accepted: () => ACCEPTED,
  },
  // OTLP/HTTP: the answer is an ExportTraceServiceResponse, a refusal a google.rpc.Status, both in
  // the encoding of the request. Repairs are reported as OTLP's "partial success" warning, with no
  // span rejected: a request is stored whole or not at all.
  "/v1/traces": {
    decoders: { protobuf: decodeOtlpProto, json: (body) => decodeOtlpJson(parseJson(body)) },
    accepted: (spans, encoding) =>
      reply(200, encodeOtlpResponse(otlpEncoding(encoding), partialSuccessOf(spans))),
    refused: (status, message, encoding) =>
      reply(status, encodeOtlpStatus(otlpEncoding(encoding), grpcCode(status), message)),
  },
  // The Datadog agent's trace API (lib/http/datadog-api.ts): JSON first, since the agent reads a
  // body without a Content-Type as JSON; v0.3 and v0.4 are the same shape, v0.5 is msgpack only.
  "/v0.3/traces": datadogTraces({ json: datadog("v0.3-json"), msgpack: datadog("v0.4-msgpack") }),
  "/v0.4/traces": datadogTraces({ json: datadog("v0.4-json"), msgpack: datadog("v0.4-msgpack") }),
  "/v0.5/traces": datadogTraces({ msgpack: datadog("v0.5-msgpack") }),
  // A trace file (Jaeger, Zipkin or OTLP JSON), whatever Content-Type the browser gives it.
  "/api/upload": {
    decoders: { json: decodeTraceFile },
    anyContentType: "json",
    accepted: (spans) =>
      json({ traceIds: [...new Set(spans.map((span) => span.traceId))], spanCount: spans.length }),
  },
};

/**
 * The ingest routes, each refusing a body larger than TRACELIGHT_MAX_BODY_BYTES (after decompression)
 * with 413, and storing spans as the configuration says (lib/db/save-spans.ts).
 */
export function ingestRoutes(
  config: Pick<
    Config,
    "TRACELIGHT_MAX_BODY_BYTES" | "TRACELIGHT_AUTOCOMPLETE_KEYS" | "TRACELIGHT_LINK_DELAY"
  >,
): Route[] {
  const maxBodyBytes = config.TRACELIGHT_MAX_BODY_BYTES;
  const options = saveOptions(config);
  return Object.entries(INGEST).flatMap(([path, ingest]) => {
    const { refused } = ingest;
    return (ingest.methods ?? ["POST"]).map((method) => ({
      method,
      path,
      handle: async ({ message }) => {
        const encoding = bodyEncoding(message, ingest);
        const decode = ingest.decoders[encoding] as (body: Buffer) => { spans: Span[] };
        const { spans } = decode(await readBody(message, maxBodyBytes));
        await saveSpans(spans, options);
        return ingest.accepted(spans, encoding);
      },
      ...(refused
        ? {
            refused: (status: number, text: string, { message }: ApiRequest) =>
              refused(status, text, refusalEncoding(message, ingest)),
          }
        : {}),
    }));
  });
}

/** How every listener stores spans, from the configuration. */
export function saveOptions(
  config: Pick<Config, "TRACELIGHT_AUTOCOMPLETE_KEYS" | "TRACELIGHT_LINK_DELAY">,
): SaveOptions {
  return {
    autocompleteKeys: new Set(config.TRACELIGHT_AUTOCOMPLETE_KEYS),
    linkDelayUs: config.TRACELIGHT_LINK_DELAY,
  };
}

/** The encoding to refuse in: the request's, or JSON when its Content-Type was itself the problem. */
function refusalEncoding(message: IncomingMessage, ingest: IngestRoute): BodyEncoding {
  try {
    return bodyEncoding(message, ingest);
  } catch {
    return "json";
  }
}

/** The route's decoder for the request's Content-Type, or a 415 listing what the route takes. */
function bodyEncoding(request: IncomingMessage, route: IngestRoute): BodyEncoding {
  if (route.anyContentType) return route.anyContentType;
  const encodings = Object.keys(route.decoders) as BodyEncoding[];
  const contentType = request.headers["content-type"];
  if (contentType === undefined) return encodings[0] as BodyEncoding;
  const match = encodings.find((encoding) => CONTENT_TYPES[encoding].pattern.test(contentType));
  if (match) return match;
  const names = encodings.map((encoding) => CONTENT_TYPES[encoding].name).join(" or ");
  throw new RequestError(415, `Content-Type ${contentType} is not supported here: send ${names}`);
}

function reply(status: number, { contentType, body }: { contentType: string; body: string | Buffer }): Reply {
  return { status, contentType, body };
}

const otlpEncoding = (encoding: BodyEncoding) => (encoding === "protobuf" ? "protobuf" : "json");

/** gRPC status codes for OTLP's Status body: INVALID_ARGUMENT, RESOURCE_EXHAUSTED, INTERNAL. */
function grpcCode(httpStatus: number): number {
  if (httpStatus === 413) return 8;
  return httpStatus < 500 ? 3 : 13;
}
