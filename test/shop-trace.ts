import { anyValue } from "../lib/encode/otlp-json";
import type { AttributeValue } from "../lib/model/span";

/**
 * A small shop trace as OTLP/JSON, with typed attributes (ints, floats, booleans, lists), resource
 * attributes, an error status and a five-level tree, for the TraceQL tests:
 *
 * GET /home (web, server, 400ms)
 * ├── GET /api (api, client, 200ms)
 * │   ├── SELECT (postgres, client, 150ms, error "deadlock detected")
 * │   └── cache get (redis, client, 5ms)
 * └── render (web, internal, 30ms)
 *     └── SELECT (postgres, client, 20ms)
 *
 * Span ids end in 1 to 6 in that order (1 GET /home, 2 GET /api, 3 SELECT, 4 cache get, 5 render,
 * 6 SELECT); the trace starts a minute before `nowMs`. Every resource carries `shop.tag` = `tag`, so
 * a test finds its own copy among the others' by it.
 */
export function shopTraceOtlp(traceId: string, nowMs: number, tag = "shop") {
  const startNs = BigInt(nowMs - 60_000) * 1_000_000n;
  const span = (
    id: number,
    parent: number | undefined,
    name: string,
    kind: number,
    startMs: number,
    durationMs: number,
    fields: Record<string, AttributeValue>,
    status?: { code: number; message?: string },
  ) => {
    const start = startNs + BigInt(startMs) * 1_000_000n;
    return {
      traceId,
      spanId: spanIdOf(id),
      parentSpanId: parent ? spanIdOf(parent) : "",
      name,
      kind,
      startTimeUnixNano: String(start),
      endTimeUnixNano: String(start + BigInt(durationMs) * 1_000_000n),
      attributes: attributes(fields),
      ...(status ? { status } : {}),
    };
  };
  const resource = (service: string, extra: Record<string, AttributeValue>, spans: unknown[]) => ({
    resource: { attributes: attributes({ "service.name": service, "shop.tag": tag, ...extra }) },
    scopeSpans: [{ spans }],
  });
  return {
    resourceSpans: [
      resource("web", { "deployment.environment": "prod", region: "eu" }, [
        span(1, undefined, "GET /home", 2, 0, 400, { "http.method": "GET", "http.status_code": 200 }),
        span(5, 1, "render", 1, 300, 30, { region: "local", ratio: 0.25 }),
      ]),
      resource("api", { "deployment.environment": "prod" }, [
        span(2, 1, "GET /api", 3, 10, 200, { "http.method": "GET", tags: ["a", "b", 3], retried: true }),
      ]),
      resource("postgres", { "db.engine": "pg15" }, [
        span(
          3,
          2,
          "SELECT",
          3,
          20,
          150,
          { "db.system": "postgresql", "db.rows": 5, "db.statement": "SELECT * FROM carts" },
          { code: 2, message: "deadlock detected" },
        ),
        span(6, 5, "SELECT", 3, 310, 20, {
          "db.system": "postgresql",
          "db.rows": 50,
          long: Array.from({ length: 40 }, (_, i) => `v${i}`),
        }),
      ]),
      resource("redis", {}, [span(4, 2, "cache get", 3, 20, 5, { "db.system": "redis", hit: false })]),
    ],
  };
}

export const spanIdOf = (id: number) => id.toString(16).padStart(16, "0");

function attributes(fields: Record<string, AttributeValue>) {
  return Object.entries(fields).map(([key, value]) => ({ key, value: anyValue(value) }));
}
