import { describe, expect, it } from "vitest";
import { baseUrl, postSpans, uniqueTraceId } from "./helpers";

/**
 * Two conventions of Jaeger's query service its UI relies on: a failed span carries the boolean tag
 * `error=true` (a Zipkin `error` tag's message moves to `otel.status_description`), and traces are
 * answered with clock skew adjusted, unless `raw=true`.
 */
const TRACE_ID = uniqueTraceId();
const NOW_US = Date.now() * 1000;

interface JaegerSpan {
  spanID: string;
  startTime: number;
  tags: { key: string; type: string; value: unknown }[];
  warnings: string[] | null;
}

async function jaegerTrace(query = ""): Promise<JaegerSpan[]> {
  const response = await fetch(`${baseUrl()}/api/traces/${TRACE_ID}${query}`);
  expect(response.status).toBe(200);
  const { data } = (await response.json()) as { data: { spans: JaegerSpan[] }[] };
  return data[0]?.spans ?? [];
}

describe("Jaeger's conventions in the v1 API", () => {
  it("marks Zipkin's error message as error=true, and moves a skewed child into its caller", async () => {
    const start = NOW_US - 60_000_000;
    const response = await postSpans([
      {
        traceId: TRACE_ID,
        id: "000000000000000a",
        name: "get /cart",
        kind: "CLIENT",
        timestamp: start,
        duration: 99_000,
        localEndpoint: { serviceName: "frontend", ipv4: "10.0.0.1" },
      },
      {
        traceId: TRACE_ID,
        id: "000000000000000b",
        parentId: "000000000000000a",
        name: "get /cart",
        kind: "SERVER",
        // Its host's clock runs 63 ms behind: it starts before it was called.
        timestamp: start - 63_000,
        duration: 80_000,
        localEndpoint: { serviceName: "cart", ipv4: "10.0.0.2" },
        tags: { error: "connection refused" },
      },
    ]);
    expect(response.status).toBe(202);

    const [client, server] = (await jaegerTrace()).sort((a, b) => a.spanID.localeCompare(b.spanID));
    expect(server?.tags).toEqual(
      expect.arrayContaining([
        { key: "error", type: "bool", value: true },
        { key: "otel.status_description", type: "string", value: "connection refused" },
      ]),
    );
    expect(server?.tags.filter((tag) => tag.key === "error")).toHaveLength(1);
    // Centred in its caller: (99 − 80) / 2 ms after it, so the trace lasts the caller's 99 ms.
    expect((server?.startTime ?? 0) - (client?.startTime ?? 0)).toBe(9_500);
    expect(server?.warnings?.[0]).toMatch(/clock skew adjustment/);

    const raw = (await jaegerTrace("?raw=true")).find((span) => span.spanID === "000000000000000b");
    expect(raw?.startTime).toBe(start - 63_000);
  });
});
