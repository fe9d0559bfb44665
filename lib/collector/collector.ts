import type { Principal } from "../access/access";
import type { Config } from "../config";
import { classifyDbError } from "../db/failures";
import { saveSpanBatch } from "../db/save-spans";
import { spansWithKeys, summaryRows } from "../db/span-batch";
import type { Span } from "../model/span";
import { log } from "../observe/log";
import { metrics } from "../observe/metrics";
import { Admission } from "./admission";
import { createDecodePool, DEFAULT_DECODE_POOL, type DecodePool } from "./decode-pool";
import type { FormatName, Transport } from "./formats";
import { BUSY_RETRY_AFTER_S, type Outcome, UNAVAILABLE_RETRY_AFTER_S } from "./outcome";
import { decode, type Prepared, type PrepareRequest, prepareDecoded } from "./prepare";
import { countSender } from "./sender";

/**
 * The one way spans enter Tracelight. Every transport — HTTP (lib/http/ingest.ts), OTLP/gRPC and the
 * Jaeger agent's UDP (lib/net) — hands its bytes here and answers from the outcome (outcome.ts):
 *
 *   transport ─► admission ─► decode ─► normalise ─► rows ─► store (one transaction) ─► outcome
 *   (reads      (admission.ts: (lib/ingest, on a decode   (lib/db/       (lib/db/         stored | refused
 *    the body)   busy → 429)    worker when large)       span-batch)    save-spans)      | busy | unavailable
 *
 * Nothing else decodes or saves spans. Every request is counted here, by transport, format and
 * outcome, and so are its spans (lib/observe/metrics.ts); a request whose access named its sender
 * (an ingest token) has the name recorded on its spans and is counted by it too (sender.ts).
 */
export interface CollectRequest {
  transport: Transport;
  format: FormatName;
  body: Buffer;
  /** Who sent it, when its access had to say (lib/access). */
  sender?: Principal;
}

export interface Collector {
  /** The ingest budget, which transports consult as bytes arrive (admission.ts). */
  admission: Admission;
  /**
   * Stores one request's body, already read and decompressed under an admission ticket the transport
   * holds (lib/http/body.ts); never throws.
   */
  collect(request: CollectRequest): Promise<Outcome>;
  /** Admits a body that arrived whole (a gRPC message), then collects it; busy when it cannot fit. */
  collectWhole(request: CollectRequest): Promise<Outcome>;
  /**
   * Decodes one small message now, for a transport that stores several messages in one commit (the
   * agent's datagrams): its spans, or why they cannot be stored.
   */
  decodeMessage(
    format: FormatName,
    body: Buffer,
  ): { ok: true; spans: Span[] } | { ok: false; message: string };
  /** Stores spans from decodeMessage, several messages' worth at once (counted as `messages`); never throws. */
  storeDecoded(request: {
    transport: Transport;
    format: FormatName;
    spans: Span[];
    messages: number;
  }): Promise<Outcome>;
  close(): Promise<void>;
}

export type CollectorConfig = Pick<
  Config,
  | "TRACELIGHT_AUTOCOMPLETE_KEYS"
  | "TRACELIGHT_LINK_DELAY"
  | "TRACELIGHT_INGEST_MAX_INFLIGHT_BYTES"
  | "TRACELIGHT_INGEST_MAX_INFLIGHT_REQUESTS"
  | "TRACELIGHT_MAX_CLOCK_AHEAD"
>;

export function createCollector(config: CollectorConfig, decodePool?: DecodePool): Collector {
  const pool = decodePool ?? createDecodePool(DEFAULT_DECODE_POOL);
  const autocompleteKeys = config.TRACELIGHT_AUTOCOMPLETE_KEYS;
  const linkDelayUs = config.TRACELIGHT_LINK_DELAY;
  const maxClockAheadUs = config.TRACELIGHT_MAX_CLOCK_AHEAD;
  /** What a request's decoding needs beside its bytes; the clock is read once per request. */
  const requestOf = (format: FormatName, body: Uint8Array, sender?: Principal): PrepareRequest => ({
    format,
    body,
    autocompleteKeys,
    nowUs: Date.now() * 1000,
    maxClockAheadUs,
    ...(sender ? { sender } : {}),
  });
  const admission = new Admission({
    maxBytes: config.TRACELIGHT_INGEST_MAX_INFLIGHT_BYTES,
    maxRequests: config.TRACELIGHT_INGEST_MAX_INFLIGHT_REQUESTS,
  });

  const finish = async (
    labels: { transport: Transport; format: FormatName; sender?: Principal },
    prepared: () => Promise<Prepared>,
    summariesOf: (keys: string[]) => ReturnType<DecodePool["summariesOf"]>,
    messages = 1,
  ): Promise<Outcome> => {
    const outcome = await settle(prepared, summariesOf, linkDelayUs);
    count(labels, outcome, messages);
    return outcome;
  };

  const collect: Collector["collect"] = ({ transport, format, body, sender }) => {
    const request = requestOf(format, body, sender);
    return finish(
      { transport, format, sender },
      () => pool.prepare(request),
      (keys) => pool.summariesOf(request, keys),
    );
  };

  return {
    admission,
    collect,
    collectWhole: async (request) => {
      metrics.ingestBytes.inc(
        { transport: request.transport, format: request.format },
        request.body.byteLength,
      );
      const ticket = admission.admit();
      if (!ticket?.reserve(request.body.byteLength)) {
        ticket?.release();
        const outcome = busy("TRACELIGHT_INGEST_MAX_INFLIGHT_BYTES");
        count(request, outcome);
        return outcome;
      }
      try {
        return await collect(request);
      } finally {
        ticket.release();
      }
    },
    decodeMessage: (format, body) => {
      const decoded = decode(requestOf(format, body));
      return decoded.ok ? decoded : { ok: false, message: decoded.message };
    },
    storeDecoded: ({ transport, format, spans, messages }) =>
      finish(
        { transport, format },
        async () => prepareDecoded(spans, autocompleteKeys),
        async (keys) => summaryRows(spansWithKeys(spans, keys), { autocompleteKeys }),
        messages,
      ),
    close: () => pool.close(),
  };
}

/** Prepares and stores one request, turning every failure into its outcome. */
async function settle(
  prepared: () => Promise<Prepared>,
  summariesOf: (keys: string[]) => ReturnType<DecodePool["summariesOf"]>,
  linkDelayUs: number,
): Promise<Outcome> {
  let rows: Prepared;
  try {
    rows = await prepared();
  } catch (error) {
    log.error({ err: error }, "decoding a request failed");
    return { kind: "failed", message: "internal error while decoding; see the Tracelight log" };
  }
  if (!rows.ok) {
    return {
      kind: "refused",
      status: rows.status,
      message: rows.message,
      ...(rows.spans !== undefined ? { spans: rows.spans } : {}),
    };
  }
  try {
    const { stored } = await saveSpanBatch(rows.batch, { linkDelayUs, summariesOf });
    return {
      kind: "stored",
      received: rows.batch.spanCount,
      stored,
      traceIds: rows.traceIds,
      repaired: rows.repaired,
      ...(rows.repairExample !== undefined ? { repairExample: rows.repairExample } : {}),
    };
  } catch (error) {
    return storageFailure(error, rows.batch.spanCount);
  }
}

function storageFailure(error: unknown, spans: number): Outcome {
  const failure = classifyDbError(error);
  const reason = (error as Error).message;
  if (failure === "invalid") {
    return {
      kind: "refused",
      status: 400,
      message: `a span holds a value PostgreSQL cannot store: ${reason}`,
      spans,
    };
  }
  if (failure === "unavailable") {
    log.warn({ err: reason }, "storing spans failed: the database is unavailable");
    return {
      kind: "unavailable",
      message: "the database is unavailable; retry later",
      retryAfterS: UNAVAILABLE_RETRY_AFTER_S,
    };
  }
  log.error({ err: error }, "storing spans failed");
  return { kind: "failed", message: "internal error while storing; see the Tracelight log" };
}

/** The busy outcome of a request the admission budget cannot take. */
export function busy(what: string): Outcome {
  return {
    kind: "busy",
    message: `Tracelight is at its ingest limit (${what}); retry after ${BUSY_RETRY_AFTER_S} s`,
    retryAfterS: BUSY_RETRY_AFTER_S,
  };
}

/** Counts a request (or `messages` datagrams) and its spans under their outcome, and by its sender. */
export function count(
  { transport, format, sender }: { transport: Transport; format: string; sender?: Principal },
  outcome: Outcome,
  messages = 1,
): void {
  const labels = { transport, format };
  metrics.ingestRequests.inc({ ...labels, outcome: outcome.kind }, messages);
  countSender(sender, outcome);
  if (outcome.kind === "stored") {
    metrics.spansReceived.inc(labels, outcome.received);
    metrics.spansStored.inc(labels, outcome.stored);
  } else if (outcome.kind === "refused" && outcome.spans !== undefined) {
    metrics.spansReceived.inc(labels, outcome.spans);
    metrics.spansRefused.inc(labels, outcome.spans);
  }
}
