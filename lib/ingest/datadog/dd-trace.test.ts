import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { type RecordedSpan, runTestTracer } from "../../../test/datadog-tracer";
import { isWellFormed } from "../../../test/decoder-properties";
import type { Span } from "../../model/span";
import { decodeDatadogTraces } from "./traces";

/**
 * Payloads from the real dd-trace library, captured by a stand-in agent on an ephemeral port: what
 * the tracer recorded (datadog-test-tracer.cjs) must come out of the decoder, ids, parents, names,
 * services, times, tags, events and links.
 */
interface Captured {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

async function captureAgent<T>(
  run: (url: string) => Promise<T>,
): Promise<{ result: T; requests: Captured[] }> {
  const requests: Captured[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const { method, url, headers } = request;
      requests.push({ method, url, headers, body: Buffer.concat(chunks) });
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ rate_by_service: { "service:,env:": 1 } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    return { result: await run(`http://127.0.0.1:${port}`), requests };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe.each([
  ["0.4", 128],
  ["0.5", 128],
  ["0.4", 64],
] as const)("the real dd-trace over v%s with %i-bit trace ids", (version, bits) => {
  it("sends the trace it recorded, and it decodes to that tree", { timeout: 30_000 }, async () => {
    const { result: recorded, requests } = await captureAgent((url) => runTestTracer(url, version, bits));
    expect(recorded[0]?.traceId).toHaveLength(bits / 4);
    const traces = requests.filter((request) => request.url?.endsWith("/traces"));
    expect(traces).toHaveLength(1);
    const [request] = traces as [Captured];
    expect([request.method, request.url, request.headers["content-type"]]).toStrictEqual([
      "PUT",
      `/v${version}/traces`,
      "application/msgpack",
    ]);

    const { spans } = decodeDatadogTraces(request.body, `v${version}-msgpack`);
    expect(spans.filter((span) => !isWellFormed(span))).toStrictEqual([]);
    const bySpanId = new Map(spans.map((span) => [span.spanId, span]));
    expect(spans).toHaveLength(recorded.length);
    for (const sent of recorded) expect(bySpanId.get(sent.spanId)).toMatchObject(place(sent));

    const [query, retry, charge, root] = recorded.map((sent) => bySpanId.get(sent.spanId)) as Span[];
    expect(root?.parentSpanId).toBeUndefined();
    expect(root).toMatchObject({
      name: "GET /cart/:id",
      kind: "SERVER",
      serviceName: "checkout",
      status: { code: "UNSET" },
      attributes: {
        "operation.name": "express.request",
        "span.type": "web",
        "http.method": "GET",
        "http.status_code": "200",
        env: "test",
        version: "1.2.3",
        "dd.sampling_priority_v1": 1,
      },
    });
    expect(query).toMatchObject({
      name: "SELECT * FROM carts WHERE id = $1",
      kind: "CLIENT",
      serviceName: "checkout-db",
      remoteServiceName: "db.internal",
      attributes: { "operation.name": "pg.query", "db.system": "postgres", "db.row_count": 3 },
    });
    expect(charge).toMatchObject({
      name: "POST /charge",
      kind: "CLIENT",
      remoteServiceName: "payments",
      status: { code: "ERROR", message: "card declined" },
      attributes: { "error.type": "Error", "http.status_code": "502" },
      events: [
        {
          timeUs: (recorded[1] as RecordedSpan).startMs * 1000,
          name: "retry",
          attributes: { attempt: 2, reason: "timeout" },
        },
      ],
      links: [
        {
          traceId: query?.traceId,
          spanId: query?.spanId,
          type: "LINK",
          attributes: { "link.reason": "same cart" },
        },
      ],
    });
    expect(retry).toMatchObject({ name: "retry.wait", kind: "INTERNAL", serviceName: "checkout" });
    expect(retry?.attributes["span.type"]).toBeUndefined();
  });
});

/** Where the tracer put a span: its ids (the 128-bit trace id), parent and times to the µs. */
function place(sent: RecordedSpan) {
  return {
    traceId: sent.traceId,
    spanId: sent.spanId,
    ...(sent.parentId === undefined ? {} : { parentSpanId: sent.parentId }),
    startUs: sent.startMs * 1000,
    durationUs: (sent.endMs - sent.startMs) * 1000,
  };
}
