import type { Principal } from "../access/access";
import {
  prepareSpanBatch,
  type SpanBatch,
  type SummaryRows,
  spansWithKeys,
  summaryRows,
} from "../db/span-batch";
import { RequestError } from "../errors";
import { normaliseSpans } from "../ingest/door/normalise";
import type { Span } from "../model/span";
import { FORMATS, type FormatName } from "./formats";
import { recordSender } from "./sender";

/**
 * Bytes to storable rows, the CPU-heavy half of ingest, with nothing in it that needs the event loop:
 * decode (lib/ingest), normalise once (the door's rules: lib/ingest/door/normalise.ts), and lay out the
 * rows (lib/db/span-batch.ts). It runs inline for small bodies and on a decode worker for large ones
 * (decode-pool.ts), so what it takes and gives back is plain data that crosses threads by copy, and a
 * refusal is a value, not a thrown RequestError (whose class would not survive the crossing).
 */
export interface PrepareRequest {
  format: FormatName;
  body: Uint8Array;
  autocompleteKeys: readonly string[];
  /** The server clock the door judges timestamps by, fixed per request so a re-run agrees. */
  nowUs: number;
  /** TRACELIGHT_MAX_CLOCK_AHEAD: how far past `nowUs` a span may start. */
  maxClockAheadUs: number;
  /** Who sent the body, when its access had to say: recorded on every span's resource (sender.ts). */
  sender?: Principal;
}

export type Prepared =
  | {
      ok: true;
      batch: SpanBatch;
      traceIds: string[];
      repaired: number;
      repairExample?: string;
    }
  | Refusal;

export interface Refusal {
  ok: false;
  status: 400 | 413 | 415;
  message: string;
  /** How many spans were decoded before the door refused them, when it got that far. */
  spans?: number;
}

export function prepare(request: PrepareRequest): Prepared {
  const decoded = decode(request);
  if (!decoded.ok) return decoded;
  return prepareDecoded(decoded.spans, request.autocompleteKeys);
}

/** The rows of spans already decoded and normalised (decodeNormalised), e.g. a batch of datagrams. */
export function prepareDecoded(spans: Span[], autocompleteKeys: readonly string[]): Prepared {
  const repairedSpans = spans.filter((span) => span.warnings !== undefined);
  const first = repairedSpans[0];
  return {
    ok: true,
    batch: prepareSpanBatch(spans, { autocompleteKeys }),
    traceIds: [...new Set(spans.map((span) => span.traceId))],
    repaired: repairedSpans.length,
    ...(first ? { repairExample: `span ${first.spanId}: ${first.warnings?.join("; ")}` } : {}),
  };
}

/**
 * The summary rows of the spans with these storage keys: what a batch that held spans already stored
 * adds (lib/db/save-spans.ts's slow path). Decodes the body again rather than keeping its spans
 * around between threads: re-sent spans are rare.
 */
export function summariesOf(request: PrepareRequest, keys: readonly string[]): SummaryRows {
  const decoded = decode(request);
  if (!decoded.ok) throw new Error(`the body decoded once and not twice: ${decoded.message}`);
  return summaryRows(spansWithKeys(decoded.spans, keys), { autocompleteKeys: request.autocompleteKeys });
}

/** Decodes and normalises one body, its sender recorded: canonical spans that may be stored, or why not. */
export function decode({
  format,
  body,
  nowUs,
  maxClockAheadUs,
  sender,
}: PrepareRequest): { ok: true; spans: Span[] } | Refusal {
  let spans: Span[];
  try {
    spans = FORMATS[format](Buffer.from(body.buffer, body.byteOffset, body.byteLength)).spans;
  } catch (error) {
    return refusal(error);
  }
  try {
    return { ok: true, spans: recordSender(normaliseSpans(spans, { nowUs, maxClockAheadUs }), sender) };
  } catch (error) {
    return { ...refusal(error), spans: spans.length };
  }
}

/** A decoder's RequestError as a refusal; anything else a decoder throws is a bug, and rethrown. */
function refusal(error: unknown): Refusal {
  if (
    error instanceof RequestError &&
    (error.status === 400 || error.status === 413 || error.status === 415)
  ) {
    return { ok: false, status: error.status, message: error.message };
  }
  throw error;
}
