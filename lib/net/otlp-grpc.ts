import * as grpc from "@grpc/grpc-js";
import type { AccessDecision, Principal } from "../access/access";
import type { Credentials } from "../access/ingest-tokens";
import { count } from "../collector/collector";
import { failureAnswer, type Outcome, partialSuccessOf } from "../collector/outcome";
import { encodeOtlpResponse, encodeRetryStatus, type OtlpPartialSuccess } from "../ingest/otlp/response";

/**
 * OTLP/gRPC, what OpenTelemetry SDKs export by default (to port 4317): the unary
 * TraceService/Export. Its ExportTraceServiceRequest is the very body OTLP/HTTP posts as protobuf, so
 * grpc-js passes it through as raw bytes to the collector, which answers with an outcome; the gRPC
 * status is the outcome table's (lib/collector/outcome.ts), as the spec's retry rules call for:
 *
 *   stored, committed                  → OK, ExportTraceServiceResponse (partial success = repairs)
 *   refused (undecodable, bad values)  → INVALID_ARGUMENT, the decoder's message   not retried
 *   over maxMessageBytes (after gzip)  → RESOURCE_EXHAUSTED, from grpc-js itself  not retried (no RetryInfo)
 *   busy (ingest budget spent)         → RESOURCE_EXHAUSTED + RetryInfo           retried after the delay
 *   the database unavailable           → UNAVAILABLE + RetryInfo                  retried with backoff
 *   no or an unknown ingest token      → UNAUTHENTICATED                          not retried
 *   an instance whose role takes none  → PERMISSION_DENIED (lib/role.ts)          not retried
 *
 * The ingest token comes as the call's `authorization` metadata (what the exporter's `headers`, or
 * OTEL_EXPORTER_OTLP_HEADERS, send) and is checked as the call's metadata arrives: a call without one
 * is answered before its message is read.
 */
const EXPORT_PATH = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

/** How long stop() lets in-flight exports finish before cutting the connections. */
const SHUTDOWN_GRACE_MS = 5_000;

interface ExportReply {
  partialSuccess?: OtlpPartialSuccess;
}

const passThrough = (bytes: Buffer) => bytes;

const LABELS = { transport: "grpc", format: "otlp-proto" } as const;

/** Decides a call's access from its credentials (lib/access/ingest-tokens.ts); `peer` for the log. */
export type AuthorizeCall = (credentials: Credentials, peer: string) => AccessDecision;

const OPEN: AuthorizeCall = () => ({ ok: true });

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
 * Serves TraceService/Export on host:port to the calls `authorize` lets in, answering only once
 * `ingest` has settled the request (stored means committed); `ingest` is told who sent it when the
 * decision said. Rejects with an Error naming the address when it cannot listen (the port is taken),
 * leaving nothing open. The server holds the event loop open until stop().
 */
export function listenOtlpGrpc(
  port: number,
  host: string,
  ingest: (body: Buffer, sender?: Principal) => Promise<Outcome>,
  maxMessageBytes: number,
  authorize: AuthorizeCall = OPEN,
): Promise<OtlpGrpcListener> {
  const server = new grpc.Server({
    "grpc.max_receive_message_length": maxMessageBytes,
    interceptors: [refuseUnauthenticated(authorize)],
  });
  server.addService(TRACE_SERVICE, {
    export: (call: grpc.ServerUnaryCall<Buffer, ExportReply>, callback: grpc.sendUnaryData<ExportReply>) => {
      // The interceptor let this call in; the same decision names its sender.
      const decision = authorize(credentialsOf(call.metadata), call.getPeer());
      ingest(call.request, decision.ok ? decision.principal : undefined).then(
        (outcome) => {
          if (outcome.kind === "stored") {
            const partialSuccess = partialSuccessOf(outcome);
            callback(null, partialSuccess ? { partialSuccess } : {});
          } else callback(grpcStatus(outcome));
        },
        (error: Error) => callback({ code: grpc.status.INTERNAL, details: error.message }),
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

/**
 * Answers UNAUTHENTICATED (or PERMISSION_DENIED, for a 403: this instance's role) to a call
 * `authorize` refuses, as soon as its metadata has arrived.
 */
function refuseUnauthenticated(authorize: AuthorizeCall): grpc.ServerInterceptor {
  return (_method, call) =>
    new grpc.ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMetadata: (metadata, nextMetadata) => {
            const decision = authorize(credentialsOf(metadata), call.getPeer());
            if (decision.ok) {
              nextMetadata(metadata);
              return;
            }
            const outcome: Exclude<Outcome, { kind: "stored" }> = {
              kind: decision.status === 403 ? "forbidden" : "unauthenticated",
              message: decision.message,
            };
            count(LABELS, outcome);
            call.sendStatus(grpcStatus(outcome));
          },
        }),
    });
}

function credentialsOf(metadata: grpc.Metadata): Credentials {
  const [authorization] = metadata.get("authorization");
  return typeof authorization === "string" ? { authorization } : {};
}

/** A failure's gRPC status, with a RetryInfo detail when a retry after a delay can work. */
function grpcStatus(
  outcome: Exclude<Outcome, { kind: "stored" }>,
): Pick<grpc.StatusObject, "code" | "details"> & { metadata?: grpc.Metadata } {
  const { grpcCode, message, retryAfterS } = failureAnswer(outcome);
  const status: ReturnType<typeof grpcStatus> = { code: grpcCode, details: message };
  if (retryAfterS !== undefined) {
    const metadata = new grpc.Metadata();
    metadata.set("grpc-status-details-bin", encodeRetryStatus(grpcCode, message, retryAfterS));
    status.metadata = metadata;
  }
  return status;
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
