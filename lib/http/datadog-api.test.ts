import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { datadogRoutes } from "./datadog-api";
import { createRouter, withAccess } from "./router";

let server: Server;
let base: string;

beforeAll(async () => {
  const route = createRouter(withAccess("public", datadogRoutes({ TRACELIGHT_MAX_BODY_BYTES: 4096 })));
  server = createServer((request, response) => {
    if (!route(request, response)) response.writeHead(299).end("next");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("datadogRoutes", () => {
  it("describes an agent that takes every trace on the three trace endpoints", async () => {
    const response = await fetch(`${base}/info`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      endpoints: ["/v0.3/traces", "/v0.4/traces", "/v0.5/traces"],
      client_drop_p0s: false,
      span_events: true,
      config: { max_request_bytes: 4096 },
    });
  });

  it.each([
    ["POST", "/telemetry/proxy/api/v2/apmtelemetry", 202],
    ["PUT", "/v0.6/stats", 202],
    ["POST", "/dogstatsd/v2/proxy", 202],
    ["POST", "/v0.7/config", 404],
    ["POST", "/evp_proxy/v2/api/v2/llmobs", 404],
    ["POST", "/profiling/v1/input", 404],
  ])("answers %s %s with %i, as an agent without the feature does", async (method, path, status) => {
    const response = await fetch(base + path, {
      method,
      body: JSON.stringify({ payload: "x".repeat(10_000) }),
    });
    expect(response.status).toBe(status);
    await response.arrayBuffer();
  });
});
