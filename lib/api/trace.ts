import { z } from "zod";
import type { Span } from "../model/span";

/**
 * A span as the browser checks it: an object with the fields every view reads first (ids, names,
 * times), not each attribute, event and link. Checking every field of a 100k-span trace with a full
 * zod schema took 160–330 ms beside JSON.parse's 200 ms (2 vCPUs, 36 MiB of JSON), and doubled the
 * heap with zod's copies; this check takes ~10 ms. The server writes spans from the one model
 * (lib/model/span.ts), so what is left unchecked is what it wrote.
 */
const spanShape = z.custom<Span>(
  (value) =>
    typeof value === "object" &&
    value !== null &&
    typeof (value as Span).spanId === "string" &&
    typeof (value as Span).name === "string" &&
    typeof (value as Span).serviceName === "string" &&
    typeof (value as Span).startUs === "number" &&
    typeof (value as Span).durationUs === "number",
  { error: "expected a span with spanId, name, serviceName, startUs and durationUs" },
);

/**
 * GET /api/trace/{id}, as both the route and the trace page see it: at most TRACELIGHT_MAX_TRACE_SPANS
 * spans, the earliest first, and how many the trace holds in all. `spans.length < totalSpans` marks a
 * trace served truncated, which the page says in a banner.
 */
export const storedTraceSchema = z.object({
  traceId: z.string(),
  spans: z.array(spanShape),
  totalSpans: z.number().int().nonnegative(),
});
export type StoredTrace = z.infer<typeof storedTraceSchema>;
