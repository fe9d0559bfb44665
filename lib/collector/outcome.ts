/**
 * What became of one ingest request (an HTTP body, a gRPC export, a batch of UDP datagrams), and the
 * one table that turns it into each protocol's answer. Every transport answers from here, so HTTP and
 * gRPC can no longer disagree about what a failure means to the sender:
 *
 *   outcome          HTTP                     gRPC                 google.rpc.Code   sender should
 *   stored           2xx (the route's body)   OK                   –                 move on
 *   unauthenticated  401 + WWW-Authenticate   UNAUTHENTICATED      16                send its ingest
 *                                                                                    token; never retry
 *   forbidden        403                      PERMISSION_DENIED    7                 send elsewhere (an
 *                                                                                    ingest instance);
 *                                                                                    never retry here
 *   refused          400 / 413 / 415          INVALID_ARGUMENT,    3 / 8             fix the request;
 *                                             RESOURCE_EXHAUSTED                     never retry it
 *                                             (413, no RetryInfo)
 *   busy             429 + Retry-After        RESOURCE_EXHAUSTED   8                 retry later
 *                                             + RetryInfo
 *   unavailable      503 + Retry-After        UNAVAILABLE          14                retry later
 *   failed           500                      INTERNAL             13                report a bug
 *
 * OTLP's retry rules: 429/502/503/504 and UNAVAILABLE are retryable; RESOURCE_EXHAUSTED only with a
 * RetryInfo detail, which is why busy carries one and a too-large request does not. `failed` is
 * Tracelight's own bug, never the database's or the client's, and is logged where it happens.
 * `unauthenticated` is decided before the body is read (lib/access/ingest-tokens.ts): no spans are
 * counted with it, and the WWW-Authenticate challenge is the access decision's. `forbidden` is decided
 * there too: an instance whose role takes no spans (lib/role.ts), or a signed-in person the allowed
 * domains or groups leave out of uploads.
 */
export type Outcome =
  | {
      kind: "stored";
      /** Spans in the request. */
      received: number;
      /** Spans newly committed (a span sent again is stored once). */
      stored: number;
      traceIds: string[];
      /** Spans a decoder or the door repaired, and one of them as an example, for OTLP partial success. */
      repaired: number;
      repairExample?: string;
    }
  | { kind: "refused"; status: 400 | 413 | 415; message: string; spans?: number }
  | { kind: "busy"; message: string; retryAfterS: number }
  | { kind: "unavailable"; message: string; retryAfterS: number }
  | { kind: "failed"; message: string }
  | { kind: "unauthenticated"; message: string }
  | { kind: "forbidden"; message: string };

/** How long a busy sender should wait: in-flight requests finish in well under a second. */
export const BUSY_RETRY_AFTER_S = 1;
/** How long to wait while the database is unreachable: a restart or failover takes seconds. */
export const UNAVAILABLE_RETRY_AFTER_S = 5;

/** gRPC status codes (grpc/doc/statuscodes.md), which google.rpc.Code shares. */
export const GRPC_CODE = {
  OK: 0,
  INVALID_ARGUMENT: 3,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

export interface FailureAnswer {
  httpStatus: number;
  grpcCode: number;
  message: string;
  /** Seconds, for Retry-After (HTTP) and RetryInfo (gRPC); absent when a retry cannot help. */
  retryAfterS?: number;
}

/** The answer to every outcome but `stored`, whose body each route writes in its protocol's shape. */
export function failureAnswer(outcome: Exclude<Outcome, { kind: "stored" }>): FailureAnswer {
  switch (outcome.kind) {
    case "refused":
      return {
        httpStatus: outcome.status,
        grpcCode: outcome.status === 413 ? GRPC_CODE.RESOURCE_EXHAUSTED : GRPC_CODE.INVALID_ARGUMENT,
        message: outcome.message,
      };
    case "busy":
      return {
        httpStatus: 429,
        grpcCode: GRPC_CODE.RESOURCE_EXHAUSTED,
        message: outcome.message,
        retryAfterS: outcome.retryAfterS,
      };
    case "unavailable":
      return {
        httpStatus: 503,
        grpcCode: GRPC_CODE.UNAVAILABLE,
        message: outcome.message,
        retryAfterS: outcome.retryAfterS,
      };
    case "failed":
      return { httpStatus: 500, grpcCode: GRPC_CODE.INTERNAL, message: outcome.message };
    case "unauthenticated":
      return { httpStatus: 401, grpcCode: GRPC_CODE.UNAUTHENTICATED, message: outcome.message };
    case "forbidden":
      return { httpStatus: 403, grpcCode: GRPC_CODE.PERMISSION_DENIED, message: outcome.message };
  }
}

/** OTLP's partial-success warning for a stored request whose spans were repaired; none otherwise. */
export function partialSuccessOf(
  outcome: Extract<Outcome, { kind: "stored" }>,
): { rejectedSpans: number; errorMessage: string } | undefined {
  if (outcome.repaired === 0) return undefined;
  const example = outcome.repairExample ? ` (${outcome.repairExample})` : "";
  return {
    rejectedSpans: 0,
    errorMessage: `stored all spans; repaired ${outcome.repaired}${example}`,
  };
}
