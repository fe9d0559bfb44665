import type { Collector } from "../lib/collector/collector";
import type { FormatName } from "../lib/collector/formats";
import type { Outcome } from "../lib/collector/outcome";
import { decode, prepareDecoded } from "../lib/collector/prepare";
import type { Span } from "../lib/model/span";

/**
 * The collector's decoding with an in-memory store in place of PostgreSQL, for the transports' unit
 * tests (lib/net): the spans each store was given, one array per call. A `store` that throws stands
 * for a database that is down: the outcome is `unavailable`, as the real collector answers.
 */
export function memoryCollector(store?: (spans: Span[]) => Promise<void>) {
  const stored: Span[][] = [];
  const save = store ?? (async (spans: Span[]) => void stored.push(spans));
  const decodeMessage: Collector["decodeMessage"] = (format, body) => {
    const decoded = decode({
      format,
      body,
      autocompleteKeys: [],
      nowUs: Date.now() * 1000,
      maxClockAheadUs: 86_400_000_000,
    });
    return decoded.ok ? decoded : { ok: false, message: decoded.message };
  };
  const storeDecoded = async ({ spans }: { spans: Span[] }): Promise<Outcome> => {
    try {
      await save(spans);
    } catch (error) {
      return { kind: "unavailable", message: (error as Error).message, retryAfterS: 5 };
    }
    const prepared = prepareDecoded(spans, []);
    if (!prepared.ok) throw new Error("prepareDecoded refused decoded spans");
    const { traceIds, repaired, repairExample } = prepared;
    return {
      kind: "stored",
      received: spans.length,
      stored: spans.length,
      traceIds,
      repaired,
      ...(repairExample ? { repairExample } : {}),
    };
  };
  /** A whole message of `format` in, its outcome out, as Collector.collectWhole answers. */
  const ingest =
    (format: FormatName) =>
    async (body: Buffer): Promise<Outcome> => {
      const decoded = decodeMessage(format, body);
      if (!decoded.ok) return { kind: "refused", status: 400, message: decoded.message };
      return storeDecoded({ spans: decoded.spans });
    };
  return { stored, decodeMessage, storeDecoded, ingest };
}
