import { beforeAll, describe, expect, it } from "vitest";
import { shopTraceOtlp, spanIdOf } from "../shop-trace";
import { baseUrl, uniqueTraceId } from "./helpers";

/**
 * Jaeger's API v3 as Jaeger UI 2.15+ asks it (packages/jaeger-ui/src/api/v3/client.ts): services
 * and operations, and (2.19+) its search as trace summaries, with `query.*` parameters in camelCase,
 * times as `toISOString()`, tags as a JSON object of strings; and traces as OTLP/JSON for API clients.
 */
const TAG = `v3-${uniqueTraceId().slice(-8)}`;
const TRACE_ID = `${uniqueTraceId()}0000000000000000`.slice(0, 32).replace(/^./, "b");
const NOW = Date.now();

function v3(path: string, params: Record<string, string> = {}): Promise<Response> {
  const query = new URLSearchParams(params);
  return fetch(`${baseUrl()}/api/v3/${path}${Object.keys(params).length > 0 ? `?${query}` : ""}`);
}

/** What Jaeger UI's search form sends for the last hour, 20 results, tags as JSON. */
const uiSearch = (extra: Record<string, string> = {}) => ({
  "query.startTimeMin": new Date(NOW - 3_600_000).toISOString(),
  "query.startTimeMax": new Date(NOW + 60_000).toISOString(),
  "query.searchDepth": "20",
  "query.attributes": JSON.stringify({ "shop.tag": TAG }),
  ...extra,
});

beforeAll(async () => {
  const response = await fetch(`${baseUrl()}/v1/traces`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(shopTraceOtlp(TRACE_ID, NOW, TAG)),
  });
  expect(response.status).toBe(200);
});

describe("Jaeger UI's services and operations", () => {
  it("lists services, and a service's operations with lower-case span kinds", async () => {
    const services = (await (await v3("services")).json()) as { services: string[] };
    expect(services.services).toEqual(expect.arrayContaining(["web", "api", "postgres", "redis"]));
    const operations = (await (await v3("operations", { service: "web" })).json()) as {
      operations: { name: string; spanKind: string }[];
    };
    expect(operations.operations).toEqual(
      expect.arrayContaining([
        { name: "GET /home", spanKind: "server" },
        { name: "render", spanKind: "internal" },
      ]),
    );
    const servers = (await (await v3("operations", { service: "web", spanKind: "server" })).json()) as {
      operations: { spanKind: string }[];
    };
    expect(servers.operations.every((operation) => operation.spanKind === "server")).toBe(true);
  });
});

describe("Jaeger UI's search", () => {
  it("answers trace summaries as the UI's schema reads them", async () => {
    const response = await v3("trace-summaries", uiSearch({ "query.serviceName": "postgres" }));
    expect(response.status).toBe(200);
    const { summaries } = (await response.json()) as { summaries: Record<string, unknown>[] };
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatchObject({
      traceId: TRACE_ID,
      rootServiceName: "web",
      rootOperationName: "GET /home",
      spanCount: 6,
      errorSpanCount: 1,
      services: [
        { name: "api", spanCount: 1 },
        { name: "postgres", spanCount: 2, errorSpanCount: 1 },
        { name: "redis", spanCount: 1 },
        { name: "web", spanCount: 2 },
      ],
    });
    const { minStartTimeUnixNano = "", maxEndTimeUnixNano = "" } = summaries[0] as Record<string, string>;
    expect(BigInt(maxEndTimeUnixNano) - BigInt(minStartTimeUnixNano)).toBe(400_000_000n);
  });

  it("narrows by operation and duration, in Go's duration syntax", async () => {
    const search = async (extra: Record<string, string>) =>
      ((await (await v3("trace-summaries", uiSearch(extra))).json()) as { summaries: unknown[] }).summaries;
    expect(
      await search({
        "query.serviceName": "postgres",
        "query.operationName": "SELECT",
        "query.durationMin": "100ms",
      }),
    ).toHaveLength(1);
    expect(await search({ "query.serviceName": "postgres", "query.durationMin": "1s" })).toEqual([]);
    expect(await search({ "query.service_name": "redis" })).toHaveLength(1);
  });

  it("refuses a search without its window, in Jaeger's error shape", async () => {
    const response = await v3("trace-summaries", { "query.serviceName": "web" });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { httpCode: 400, message: "query.startTimeMin and query.startTimeMax are required" },
    });
    const backwards = await v3(
      "traces",
      uiSearch({
        "query.startTimeMin": new Date(NOW).toISOString(),
        "query.startTimeMax": new Date(NOW - 1000).toISOString(),
      }),
    );
    expect(backwards.status).toBe(400);
  });
});

describe("traces as OTLP/JSON", () => {
  it("finds traces by search, 404 when none", async () => {
    const response = await v3("traces", uiSearch({ "query.serviceName": "redis" }));
    expect(response.status).toBe(200);
    const { result } = (await response.json()) as {
      result: { resourceSpans: { scopeSpans: { spans: unknown[] }[] }[] };
    };
    const spans = result.resourceSpans.flatMap((resource) =>
      resource.scopeSpans.flatMap((scope) => scope.spans),
    );
    expect(spans).toHaveLength(6);
    const none = await v3("traces", uiSearch({ "query.serviceName": "redis", "query.durationMin": "1h" }));
    expect(none.status).toBe(404);
    expect(await none.json()).toEqual({ error: { httpCode: 404, message: "No traces found" } });
  });

  it("reads a trace by hex or base64 id, with hex ids and integer kinds in the answer", async () => {
    const base64 = Buffer.from(TRACE_ID, "hex").toString("base64url");
    for (const id of [TRACE_ID, base64]) {
      const response = await v3(`traces/${id}`);
      expect(response.status).toBe(200);
      const { result } = (await response.json()) as {
        result: {
          resourceSpans: { scopeSpans: { spans: { traceId: string; spanId: string; kind: number }[] }[] }[];
        };
      };
      const spans = result.resourceSpans.flatMap((resource) =>
        resource.scopeSpans.flatMap((scope) => scope.spans),
      );
      expect(spans.map((span) => span.spanId).sort()).toEqual([1, 2, 3, 4, 5, 6].map(spanIdOf));
      expect(spans[0]?.traceId).toBe(TRACE_ID);
      expect(typeof spans[0]?.kind).toBe("number");
    }
    expect((await v3("traces/xyz!")).status).toBe(400);
    expect((await v3("traces/0123456789abcdef0123456789abcdef")).status).toBe(404);
  });
});
