import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../lib/net/free-port";
import { everyFieldBatch } from "../agent-datagrams";
import { wideZipkinTrace } from "../spans";
import { readTestDataBytes } from "../test-data";
import { startTestServer, type TestServer } from "../test-server";
import { send } from "./http-request";

/**
 * The browser guard on a real server (lib/access/browser.ts), on the main port and the OTLP/HTTP
 * port: another site's page can neither store nor read, a rebound name is refused, an allowed origin
 * gets CORS answers, and a body a page can send without asking (no Content-Type, a form's) is refused
 * even without an Origin.
 */
const SHOP = "https://shop.example";
const ATTACKER = "https://attacker.example";
let server: TestServer;
let otlpUrl: string;
let db: pg.Client;

beforeAll(async () => {
  const otlpPort = await freePort();
  server = await startTestServer(await freePort(), {
    peerPorts: false,
    env: {
      TRACELIGHT_CORS_ORIGINS: SHOP,
      TRACELIGHT_ALLOWED_HOSTS: "tracelight.example",
      TRACELIGHT_OTLP_HTTP_PORT: String(otlpPort),
    },
  });
  otlpUrl = `http://127.0.0.1:${otlpPort}`;
  db = new pg.Client({ connectionString: server.databaseUrl });
  await db.connect();
});

afterAll(async () => {
  await db?.end();
  await server?.stop();
});

const spanCount = async () =>
  (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM spans")).rows[0]?.n ?? 0;

let traces = 0;
const zipkinBody = () =>
  JSON.stringify(wideZipkinTrace(`${(++traces).toString(16).padStart(31, "0")}f`, 2, "browser-test"));

/** A valid body for every ingest route, as its tracers send it. */
const WRITES: [path: string, method: string, contentType: string, body: () => string | Buffer][] = [
  ["/api/v2/spans", "POST", "application/json", zipkinBody],
  ["/api/v1/spans", "POST", "application/json", () => readTestDataBytes("zipkin-v1-checkout.json")],
  ["/api/traces", "POST", "application/x-thrift", everyFieldBatch],
  ["/v1/traces", "POST", "application/json", () => readTestDataBytes("otlp-checkout.json")],
  ["/v0.4/traces", "POST", "application/json", () => datadogBody(1)],
  ["/v0.4/traces", "PUT", "application/json", () => datadogBody(2)],
  ["/api/upload", "POST", "application/json", () => readTestDataBytes("jaeger-checkout.json")],
];

function datadogBody(traceId: number): string {
  const startNs = (Date.now() - 60_000) * 1_000_000;
  return JSON.stringify([
    [
      {
        trace_id: traceId,
        span_id: 1,
        name: "web.request",
        resource: "GET /",
        service: "dd",
        start: startNs,
        duration: 1e6,
      },
    ],
  ]);
}

/** Every family of reads: Tracelight's, Zipkin's, Jaeger's, names, metrics, pages. */
const READS = [
  "/api/search?lookback=1h",
  "/api/services/metrics",
  "/api/names/services",
  "/api/graph?lookback=1h",
  "/api/v2/services",
  "/api/v2/traces",
  "/api/services",
  "/metrics",
  "/search",
  "/upload",
];

describe("another site's page", () => {
  it("stores nothing through any ingest route, on the main port or OTLP's", async () => {
    const before = await spanCount();
    for (const [path, method, contentType, body] of WRITES) {
      for (const base of path === "/v1/traces" ? [server.baseUrl, otlpUrl] : [server.baseUrl]) {
        const answer = await send(`${base}${path}`, {
          method,
          headers: { origin: ATTACKER, "content-type": contentType, "sec-fetch-site": "cross-site" },
          body: body(),
        });
        expect(answer.status, `${method} ${base}${path}`).toBe(403);
        expect(JSON.parse(answer.text).error).toMatch(/attacker\.example.*TRACELIGHT_CORS_ORIGINS/);
        expect(answer.headers["access-control-allow-origin"]).toBeUndefined();
      }
    }
    expect(await spanCount()).toBe(before);
  });

  it("reads nothing: fetch with its Origin, or <img>/<script> without one", async () => {
    for (const path of READS) {
      const byFetch = await send(`${server.baseUrl}${path}`, { headers: { origin: ATTACKER } });
      expect(byFetch.status, path).toBe(403);
      const bySubresource = await send(`${server.baseUrl}${path}`, {
        headers: { "sec-fetch-site": "cross-site", "sec-fetch-mode": "no-cors", "sec-fetch-dest": "image" },
      });
      expect(bySubresource.status, path).toBe(403);
    }
  });

  it("links to a page, which opens", async () => {
    const answer = await send(`${server.baseUrl}/search`, {
      headers: { "sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate", "sec-fetch-dest": "document" },
    });
    expect(answer.status).toBe(200);
  });

  it("is counted in /metrics by reason", async () => {
    const metrics = (await send(`${server.baseUrl}/metrics`)).text;
    expect(metrics).toMatch(/tracelight_browser_refused_total\{reason="origin"\} [1-9]/);
    expect(metrics).toMatch(/tracelight_browser_refused_total\{reason="fetch-site"\} [1-9]/);
  });
});

describe("tracers (no Origin)", () => {
  it("store through every ingest route, whatever Host they name", async () => {
    const before = await spanCount();
    for (const [path, method, contentType, body] of WRITES) {
      const answer = await send(`${server.baseUrl}${path}`, {
        method,
        headers: { host: "tracelight:3000", "content-type": contentType },
        body: body(),
      });
      expect(answer.status, `${method} ${path}: ${answer.text}`).toBeLessThan(300);
    }
    expect(await spanCount()).toBeGreaterThan(before);
  });

  it("are refused a body without a Content-Type, or of a type a form sends, told what to send", async () => {
    for (const [path, method, , body] of WRITES.filter(([, method]) => method === "POST")) {
      for (const contentType of [
        undefined,
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
      ]) {
        const answer = await send(`${server.baseUrl}${path}`, {
          method,
          headers: contentType ? { "content-type": contentType } : {},
          body: body(),
        });
        expect(answer.status, `${path} as ${contentType}`).toBe(415);
        expect(answer.text, path).toMatch(/is not supported here: send application\//);
      }
    }
  });

  it("PUT to the Datadog agent's API without a Content-Type, read as JSON as the agent reads it", async () => {
    const answer = await send(`${server.baseUrl}/v0.4/traces`, { method: "PUT", body: datadogBody(3) });
    expect(answer.status, answer.text).toBe(200);
  });

  it("upload JSON lines as application/x-ndjson", async () => {
    const answer = await send(`${server.baseUrl}/api/upload`, {
      method: "POST",
      headers: { "content-type": "application/x-ndjson" },
      body: readTestDataBytes("otlp-checkout.jsonl"),
    });
    expect(answer.status, answer.text).toBe(200);
  });
});

describe("a rebound name (DNS rebinding)", () => {
  it("is refused on pages and APIs, reading or writing as its own origin", async () => {
    const host = "attacker.example:3000";
    for (const path of READS) {
      const answer = await send(`${server.baseUrl}${path}`, { headers: { host } });
      expect(answer.status, path).toBe(403);
      expect(JSON.parse(answer.text).error).toMatch(/attacker\.example.*TRACELIGHT_ALLOWED_HOSTS/);
    }
    const write = await send(`${server.baseUrl}/api/v2/spans`, {
      method: "POST",
      headers: { host, origin: "http://attacker.example:3000", "content-type": "application/json" },
      body: zipkinBody(),
    });
    expect(write.status).toBe(403);
  });

  it("is served when listed in TRACELIGHT_ALLOWED_HOSTS, and the UI there may write", async () => {
    const page = await send(`${server.baseUrl}/search`, { headers: { host: "tracelight.example" } });
    expect(page.status).toBe(200);
    const write = await send(`${server.baseUrl}/api/v2/spans`, {
      method: "POST",
      headers: {
        host: "tracelight.example",
        origin: "https://tracelight.example",
        "content-type": "application/json",
      },
      body: zipkinBody(),
    });
    expect(write.status, write.text).toBe(202);
  });
});

describe("an origin in TRACELIGHT_CORS_ORIGINS", () => {
  it.each([
    ["the main port", () => server.baseUrl],
    ["the OTLP/HTTP port", () => otlpUrl],
  ])("gets a preflight's answer and exports OTLP on %s", async (_, base) => {
    const preflight = await send(`${base()}/v1/traces`, {
      method: "OPTIONS",
      headers: {
        origin: SHOP,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,authorization",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers).toMatchObject({
      "access-control-allow-origin": SHOP,
      "access-control-allow-methods": expect.stringContaining("POST"),
      "access-control-allow-headers": expect.stringMatching(
        /Content-Type.*Authorization|Authorization.*Content-Type/,
      ),
      vary: expect.stringContaining("Origin"),
    });

    const exported = await send(`${base()}/v1/traces`, {
      method: "POST",
      headers: { origin: SHOP, "content-type": "application/json", "sec-fetch-site": "cross-site" },
      body: readTestDataBytes("otlp-checkout.json"),
    });
    expect(exported.status, exported.text).toBe(200);
    expect(exported.headers["access-control-allow-origin"]).toBe(SHOP);
    expect(exported.headers["access-control-expose-headers"]).toBe("Retry-After");
  });

  it("may read, named in the answer, which varies on Origin even when compressed", async () => {
    const answer = await send(`${server.baseUrl}/api/v2/services`, {
      headers: { origin: SHOP, "accept-encoding": "gzip" },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers["access-control-allow-origin"]).toBe(SHOP);
    expect(answer.headers.vary).toContain("Origin");
  });

  it("is the only one whose preflight is answered", async () => {
    const preflight = await send(`${server.baseUrl}/v1/traces`, {
      method: "OPTIONS",
      headers: { origin: ATTACKER, "access-control-request-method": "POST" },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers["access-control-allow-origin"]).toBeUndefined();
  });
});

describe("security headers", () => {
  const PAGES = [
    "/search",
    "/services",
    "/dependencies",
    "/upload",
    "/compare?a=1&b=2",
    "/trace/00000000000000ff",
    "/nowhere",
  ];

  it.each(PAGES)("%s has a nonce CSP without eval, nosniff, no framing, no referrer", async (path) => {
    const page = await send(`${server.baseUrl}${path}`);
    expect(page.headers["content-type"]).toMatch(/^text\/html/);
    const policy = String(page.headers["content-security-policy"]);
    const nonce = policy.match(/script-src 'self' 'nonce-([^']+)'/)?.[1];
    expect(nonce).toBeDefined();
    expect(policy).not.toContain("unsafe-eval");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(page.headers).toMatchObject({
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "referrer-policy": "no-referrer",
    });
    // Every script the page carries, inline or not, runs under the nonce.
    const scripts = page.text.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
  });

  it("gives each answer its own nonce", async () => {
    const [a, b] = await Promise.all([send(`${server.baseUrl}/search`), send(`${server.baseUrl}/search`)]);
    expect(a.headers["content-security-policy"]).not.toBe(b.headers["content-security-policy"]);
  });

  it("ignores a nonce the client sends in its own policy header", async () => {
    const page = await send(`${server.baseUrl}/search`, {
      headers: { "content-security-policy": "script-src 'nonce-chosenbyclient'" },
    });
    expect(page.text).not.toContain("chosenbyclient");
  });

  it.each(["/api/search?lookback=1h", "/api/nowhere", "/api/v2/services"])(
    "%s answers nosniff JSON",
    async (path) => {
      const answer = await send(`${server.baseUrl}${path}`);
      expect(answer.headers["content-type"]).toMatch(/^application\/json/);
      expect(answer.headers["x-content-type-options"]).toBe("nosniff");
    },
  );
});
