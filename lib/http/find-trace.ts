import { getTraceSpans } from "../db/traces";
import { RequestError } from "../errors";
import { normaliseTraceId } from "../model/ids";
import type { Span } from "../model/span";

/** The spans of the trace a URL names: a 400 for an id that cannot be one, a 404 for one not stored. */
export async function findTrace(rawTraceId: string): Promise<{ traceId: string; spans: Span[] }> {
  const id = normaliseTraceId(rawTraceId);
  if (!id.ok) throw new RequestError(400, `traceId ${id.reason}`);
  const spans = await getTraceSpans(id.id);
  if (spans.length === 0) throw new RequestError(404, `trace ${id.id} not found`);
  return { traceId: id.id, spans };
}
