import type { IncomingMessage } from "node:http";
import type { Access, Principal } from "../access/access";
import type { UploadAnswer } from "../api/upload";
import { busy, type Collector, count } from "../collector/collector";
import type { FormatName } from "../collector/formats";
import { type FailureAnswer, failureAnswer, type Outcome, partialSuccessOf } from "../collector/outcome";
import type { Config } from "../config";
import { RequestError } from "../errors";
import { encodeOtlpResponse, encodeOtlpStatus } from "../ingest/otlp/response";
import { readBody } from "./body";
import { json, type Reply, type Route } from "./router";

/**
 * The ingest routes: tracers' POSTs, each body handed to the collector (lib/collector) in the format
 * its Content-Type names, and answered from the outcome: 2xx only after the whole request is
 * committed; a 4xx naming the problem; 429 or 503 with Retry-After when a retry later can work. The
 * error body is `{ "error": message }` unless the peer's protocol defines its own (OTLP). A request
 * without the ingest token it needs (lib/access/ingest-tokens.ts) is answered 401 before its body is
 * read, in the same shapes, and counted as `unauthenticated`; one to an instance whose role takes no
 * spans (lib/role.ts) 403, counted as `forbidden`.
 */
type BodyEncoding = "json" | "ndjson" | "protobuf" | "thrift" | "msgpack";

const CONTENT_TYPES: Record<BodyEncoding, { pattern: RegExp; name: string }> = {
  json: { pattern: /^application\/json\b/i, name: "application/json" },
  ndjson: { pattern: /^application\/(x-)?ndjson\b/i, name: "application/x-ndjson" },
  protobuf: { pattern: /^application\/(x-)?protobuf\b/i, name: "application/x-protobuf" },
  thrift: {
    pattern: /^application\/(x-thrift|vnd\.apache\.thrift\.binary)\b/i,
    name: "application/x-thrift",
  },
  msgpack: { pattern: /^application\/(x-)?msgpack\b/i, name: "application/msgpack" },
};

type StoredOutcome = Extract<Outcome, { kind: "stored" }>;

interface IngestRoute {
  /** The methods the route takes: POST unless the peer's protocol says otherwise. */
  methods?: Route["method"][];
  /** What a sender needs: `ingest` (the table's default, lib/http/routes.ts) unless it says otherwise. */
  access?: Access;
  /** The format of each body encoding, chosen by the request's Content-Type. */
  formats: Partial<Record<BodyEncoding, FormatName>>;
  /**
   * What a PUT without a Content-Type carries, where the peer's own server reads one (the Datadog
   * agent). Elsewhere a body without one is refused: a page on any site may POST one (a Blob of no
   * type) without the browser asking first, and every tracer names its body's type.
   */
  untypedPut?: BodyEncoding;
  /** Counted as a file upload rather than a tracer's request. */
  upload?: true;
  accepted(outcome: StoredOutcome, encoding: BodyEncoding): Reply;
  /** The body of a refusal, where the peer's protocol defines one; `{ error }` otherwise. */
  refusal?(answer: FailureAnswer, encoding: BodyEncoding): Pick<Reply, "contentType" | "body">;
}

// Zipkin's and Jaeger's collectors answer 202 with no body once the spans are stored.
const ACCEPTED: Reply = { status: 202 };

// The Datadog agent answers its sampling rates, which tracers apply to the traces they keep: one
// default rate of 1 keeps them all.
const DATADOG_RATES = json({ rate_by_service: { "service:,env:": 1 } });

/** The Datadog agent's trace endpoint of a version: PUT as tracers send, POST as some proxies do. */
function datadogTraces(formats: IngestRoute["formats"], untypedPut: BodyEncoding): IngestRoute {
  return { methods: ["PUT", "POST"], formats, untypedPut, accepted: () => DATADOG_RATES };
}

const otlpEncoding = (encoding: BodyEncoding) => (encoding === "protobuf" ? "protobuf" : "json");

const INGEST: Record<string, IngestRoute> = {
  "/api/v2/spans": {
    formats: { json: "zipkin-v2-json", protobuf: "zipkin-v2-proto3" },
    accepted: () => ACCEPTED,
  },
  "/api/v1/spans": {
    formats: { json: "zipkin-v1-json", thrift: "zipkin-v1-thrift" },
    accepted: () => ACCEPTED,
  },
  // Jaeger collector's HTTP endpoint, as jaeger-client's HTTP sender and Pomerium use it.
  "/api/traces": { formats: { thrift: "jaeger-thrift" }, accepted: () => ACCEPTED },
  // OTLP/HTTP: the answer is an ExportTraceServiceResponse, a refusal a google.rpc.Status, both in
  // the encoding of the request. Repairs are reported as OTLP's "partial success" warning, with no
  // span rejected: a request is stored whole or not at all.
  "/v1/traces": {
    formats: { protobuf: "otlp-proto", json: "otlp-json" },
    accepted: (outcome, encoding) => ({
      status: 200,
      ...encodeOtlpResponse(otlpEncoding(encoding), partialSuccessOf(outcome)),
    }),
    refusal: ({ grpcCode, message, retryAfterS }, encoding) =>
      encodeOtlpStatus(otlpEncoding(encoding), grpcCode, message, retryAfterS),
  },
  // The Datadog agent's trace API (lib/http/datadog-api.ts): v0.3 and v0.4 are the same shape, v0.5
  // is msgpack only; the agent reads a body without a Content-Type as JSON on v0.3 and v0.4.
  "/v0.3/traces": datadogTraces({ json: "datadog-v0.3-json", msgpack: "datadog-v0.4-msgpack" }, "json"),
  "/v0.4/traces": datadogTraces({ json: "datadog-v0.4-json", msgpack: "datadog-v0.4-msgpack" }, "json"),
  "/v0.5/traces": datadogTraces({ msgpack: "datadog-v0.5-msgpack" }, "msgpack"),
  // A trace file (Jaeger, Zipkin or OTLP JSON, one document or JSON lines), recognised by its content;
  // a signed-in reader may upload one too (lib/access/upload-access.ts).
  "/api/upload": {
    access: "upload",
    formats: { json: "trace-file", ndjson: "trace-file" },
    upload: true,
    accepted: (outcome) =>
      json({ traceIds: outcome.traceIds, spanCount: outcome.received } satisfies UploadAnswer),
  },
};

/**
 * The ingest routes, each refusing a body larger than TRACELIGHT_MAX_BODY_BYTES (after decompression)
 * with 413 and turning a sender away with 429 when the ingest budget is spent.
 */
export function ingestRoutes(
  collector: Collector,
  config: Pick<Config, "TRACELIGHT_MAX_BODY_BYTES">,
): Route[] {
  return Object.entries(INGEST).flatMap(([path, ingest]) =>
    (ingest.methods ?? ["POST"]).map(
      (method): Route => ({
        method,
        path,
        ...(ingest.access ? { access: ingest.access } : {}),
        handle: async ({ message, principal }) => {
          const encoding = refusalEncoding(message, ingest);
          const outcome = await ingestBody(
            collector,
            message,
            ingest,
            config.TRACELIGHT_MAX_BODY_BYTES,
            principal,
          );
          if (outcome.kind === "stored") return ingest.accepted(outcome, encoding);
          return failureReply(ingest, outcome, encoding);
        },
        refused: (status, message, { message: request }) => {
          if (status !== 401 && status !== 403) return json({ error: message }, status);
          const outcome: Exclude<Outcome, { kind: "stored" }> = {
            kind: status === 401 ? "unauthenticated" : "forbidden",
            message,
          };
          counted({ transport: transportOf(ingest), format: formatOf(request, ingest) }, outcome);
          return failureReply(ingest, outcome, refusalEncoding(request, ingest));
        },
      }),
    ),
  );
}

/** The answer to an outcome other than stored, in the route's shape. */
function failureReply(
  ingest: IngestRoute,
  outcome: Exclude<Outcome, { kind: "stored" }>,
  encoding: BodyEncoding,
): Reply {
  const answer = failureAnswer(outcome);
  const { httpStatus, retryAfterS } = answer;
  return {
    ...(ingest.refusal?.(answer, encoding) ?? json({ error: answer.message })),
    status: httpStatus,
    ...(retryAfterS !== undefined ? { headers: { "retry-after": String(retryAfterS) } } : {}),
  };
}

const transportOf = (ingest: IngestRoute) => (ingest.upload ? "upload" : "http");

/** The format a request's Content-Type names, for counting a request refused before it is read. */
function formatOf(message: IncomingMessage, ingest: IngestRoute): string {
  try {
    return ingest.formats[bodyEncoding(message, ingest)] as FormatName;
  } catch {
    return "unknown";
  }
}

/** Admits, reads and collects one request's body; every way it can end is an outcome. */
async function ingestBody(
  collector: Collector,
  message: IncomingMessage,
  ingest: IngestRoute,
  maxBodyBytes: number,
  sender: Principal | undefined,
): Promise<Outcome> {
  const transport = transportOf(ingest);
  let format: FormatName;
  try {
    format = ingest.formats[bodyEncoding(message, ingest)] as FormatName;
  } catch (error) {
    return counted({ transport, format: "unknown" }, refusedBy(error));
  }
  const ticket = collector.admission.admit();
  if (!ticket) return counted({ transport, format }, busy("TRACELIGHT_INGEST_MAX_INFLIGHT_REQUESTS"));
  try {
    const body = await readBody(message, maxBodyBytes, ticket, { transport, format });
    return await collector.collect({ transport, format, body, ...(sender ? { sender } : {}) });
  } catch (error) {
    return counted({ transport, format }, refusedBy(error));
  } finally {
    ticket.release();
  }
}

/** A refusal from reading the body (413, 415, bad gzip) or the budget (429) as its outcome. */
function refusedBy(error: unknown): Outcome {
  if (!(error instanceof RequestError)) throw error;
  if (error.status === 429) return busy("TRACELIGHT_INGEST_MAX_INFLIGHT_BYTES");
  if (error.status === 400 || error.status === 413 || error.status === 415) {
    return { kind: "refused", status: error.status, message: error.message };
  }
  throw error;
}

function counted(labels: { transport: "http" | "upload"; format: string }, outcome: Outcome): Outcome {
  count(labels, outcome);
  return outcome;
}

/** The encoding to answer in: the request's, or JSON when its Content-Type was itself the problem. */
function refusalEncoding(message: IncomingMessage, ingest: IngestRoute): BodyEncoding {
  try {
    return bodyEncoding(message, ingest);
  } catch {
    return "json";
  }
}

/** The route's encoding for the request's Content-Type, or a 415 listing what the route takes. */
function bodyEncoding(request: IncomingMessage, route: IngestRoute): BodyEncoding {
  const encodings = Object.keys(route.formats) as BodyEncoding[];
  const contentType = request.headers["content-type"];
  if (contentType === undefined && route.untypedPut && request.method === "PUT") return route.untypedPut;
  const match = encodings.find((encoding) => CONTENT_TYPES[encoding].pattern.test(contentType ?? ""));
  if (match) return match;
  const names = encodings.map((encoding) => CONTENT_TYPES[encoding].name).join(" or ");
  const sent = contentType === undefined ? "A body without a Content-Type" : `Content-Type ${contentType}`;
  throw new RequestError(415, `${sent} is not supported here: send ${names}`);
}
