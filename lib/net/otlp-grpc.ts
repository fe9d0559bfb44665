import * as grpc from "@grpc/grpc-js";
import { RequestError } from "../errors";
import { decodeOtlpProto } from "../ingest/otlp-proto";
import { encodeOtlpResponse, type OtlpPartialSuccess, partialSuccessOf } from "../ingest/otlp-response";
import type { Span } from "../model/span";

/**
 * OTLP/gRPC, what OpenTelemetry SDKs export by default (to port 4317): the unary
 * TraceService/Export. Its ExportTraceServiceRequest is the very body OTLP/HTTP posts as protobuf, so
 * grpc-js passes it through as raw bytes and the one protobufjs decoder reads it. The answers mirror
 * OTLP/HTTP's (lib/http/ingest.ts) in the gRPC status codes the spec's retry rules call for:
 *
 *   decoded, stored, committed        → OK, ExportTraceServiceResponse (partial success = repairs)
 *   undecodable or unstorable values  → INVALID_ARGUMENT, the decoder's message   not retried
 *   over maxMessageBytes (after gzip) → RESOURCE_EXHAUSTED, from grpc-js itself  not retried (no RetryInfo)
 *   the store failed                  → UNAVAILABLE, the cause logged            retried with backoff
 */
const EXPORT_PATH = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

/** How long stop() lets in-flight exports finish before cutting the connections. */
const SHUTDOWN_GRACE_MS = 5_000;

interface ExportReply {
  partialSuccess?: OtlpPartialSuccess;
}

const passThrough = (bytes: Buffer) => bytes;

const TRACE_SERVICE: grpc.ServiceDefinition = {
  export: {
    path: EXPORT_PATH,
    requestStream: false,
    responseStream: false,
    requestSerialize: passThrough,
    requestDeserialize: passThrough,
    responseSerialize: ({ partialSuccess }: ExportReply) =>
      encodeOtlpResponse("protobuf", partialSuccess).body as Buffer,
    responseDeserialize: passThrough,
  },
};

export interface OtlpGrpcListener {
  /** The bound port: the one asked for, or the kernel's pick when that was 0. */
  port: number;
  /** Stops accepting, lets in-flight exports answer for up to 5 s, then closes what is left. */
  stop(): Promise<void>;
}

/**
 * Serves TraceService/Export on host:port, answering only after `store` has resolved (committed).
 * Rejects with an Error naming the address when it cannot listen (the port is taken), leaving
 * nothing open. The server holds the event loop open until stop().
 */
export function listenOtlpGrpc(
  port: number,
  host: string,
  store: (spans: Span[]) => Promise<void>,
  maxMessageBytes: number,
): Promise<OtlpGrpcListener> {
  const server = new grpc.Server({ "grpc.max_receive_message_length": maxMessageBytes });
  server.addService(TRACE_SERVICE, {
    export: (call: grpc.ServerUnaryCall<Buffer, ExportReply>, callback: grpc.sendUnaryData<ExportReply>) => {
      exportSpans(call.request, store).then(
        (reply) => callback(null, reply),
        (error: Partial<grpc.StatusObject>) => callback(error),
      );
    },
  });
  const address = `${host.includes(":") ? `[${host}]` : host}:${port}`;
  return new Promise((resolve, reject) => {
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (error, boundPort) => {
      if (error) {
        server.forceShutdown();
        const inUse = error.message.includes("EADDRINUSE");
        reject(
          new Error(
            `cannot listen for OTLP/gRPC on ${address}: ${inUse ? "the port is already in use" : error.message}`,
          ),
        );
        return;
      }
      resolve({ port: boundPort, stop: () => stopGracefully(server) });
    });
  });
}

/** Decodes and stores one export; rejects with the gRPC status to answer with. */
async function exportSpans(body: Buffer, store: (spans: Span[]) => Promise<void>): Promise<ExportReply> {
  let spans: Span[];
  try {
    spans = decodeOtlpProto(body).spans;
  } catch (error) {
    throw refusal(error, { code: grpc.status.INTERNAL, details: "internal error; see the Tracelight log" });
  }
  try {
    await store(spans);
  } catch (error) {
    // A database outage or restart: the spec's transient failure, which exporters retry with backoff.
    throw refusal(error, {
      code: grpc.status.UNAVAILABLE,
      details: "could not store the spans; see the Tracelight log",
    });
  }
  const partialSuccess = partialSuccessOf(spans);
  return partialSuccess ? { partialSuccess } : {};
}

/** The client's fault as its gRPC code, with the message naming it; anything else is ours, logged. */
function refusal(error: unknown, ours: { code: grpc.status; details: string }): Partial<grpc.StatusObject> {
  if (error instanceof RequestError) {
    const code =
      error.status === 413
        ? grpc.status.RESOURCE_EXHAUSTED
        : error.status === 503
          ? grpc.status.UNAVAILABLE
          : grpc.status.INVALID_ARGUMENT;
    return { code, details: error.message };
  }
  console.error(`OTLP/gRPC export: ${(error as Error).message}`);
  return ours;
}

function stopGracefully(server: grpc.Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, SHUTDOWN_GRACE_MS);
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve();
    });
  });
}
