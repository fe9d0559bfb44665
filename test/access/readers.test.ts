import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../lib/net/free-port";
import { startTestServer, type TestServer } from "../test-server";
import { recentZipkinTrace } from "./recent-trace";

/**
 * Read tokens (TRACELIGHT_READ_TOKENS) on a real server, beside ingest tokens: every family of read
 * routes and every page needs a read credential, health and the tracers' probes do not, and neither
 * kind of token opens the other's routes.
 */
const READ_TOKEN = "grafana-0123456789abcdef0123456789abcdef";
const INGEST_TOKEN = "collector-fedcba9876543210fedcba9876543210";

let server: TestServer;
let traceId: string;
let spanId: string;

const read = { authorization: `Bearer ${READ_TOKEN}` };
const ingest = { authorization: `Bearer ${INGEST_TOKEN}` };
const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${server.baseUrl}${path}`, { headers, redirect: "manual" });
const postSpans = (headers: Record<string, string>) =>
  fetch(`${server.baseUrl}/api/v2/spans`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(recentZipkinTrace()),
  });

beforeAll(async () => {
  server = await startTestServer(await freePort(), {
    peerPorts: false,
    env: {
      TRACELIGHT_READ_TOKENS: `grafana:${READ_TOKEN}`,
      TRACELIGHT_INGEST_TOKENS: `collector:${INGEST_TOKEN}`,
      TRACELIGHT_SESSION_SECRET: "a session secret of thirty-two characters or more",
    },
  });
  const spans = recentZipkinTrace();
  traceId = spans[0]?.traceId as string;
  spanId = spans[1]?.id as string;
  const stored = await postSpans(ingest);
  expect(stored.status).toBe(202);
});

afterAll(() => server?.stop());

/** One route of each family that reads stored spans (and /metrics), with what it is. */
const readRoutes = () => [
  ["Tracelight search", "/api/search?lookback=1h"],
  ["Tracelight trace", `/api/trace/${traceId}`],
  ["Tracelight analysis", `/api/traces/${traceId}/analysis`],
  ["Tracelight baselines", "/api/baselines?service=mobile_api&name=get&lookback=1h"],
  ["the search form's names", "/api/names/services"],
  ["Jaeger search", "/api/traces?service=mobile_api&lookback=1h"],
  ["Jaeger trace", `/api/traces/${traceId}`],
  ["Jaeger services", "/api/services"],
  ["Zipkin search", "/api/v2/traces?lookback=3600000"],
  ["Zipkin trace", `/api/v2/trace/${traceId}`],
  ["Zipkin services", "/api/v2/services"],
  ["Jaeger v3 services", "/api/v3/services"],
  ["Jaeger v3 trace", `/api/v3/traces/${traceId}`],
  ["Tempo echo (Grafana's Save & test)", "/tempo/api/echo"],
  ["Tempo TraceQL search", "/tempo/api/search?q=%7B%7D"],
  ["Tempo tags", "/tempo/api/v2/search/tags"],
  ["Tempo trace", `/tempo/api/v2/traces/${traceId}`],
  ["Prometheus metrics", "/metrics"],
];

describe("read routes with read tokens set", () => {
  it("refuse each family without a credential (401, a Bearer challenge), answer it with a read token", async () => {
    for (const [family, path] of readRoutes()) {
      const refused = await get(path as string);
      expect([family, refused.status]).toEqual([family, 401]);
      expect(refused.headers.get("www-authenticate")).toBe('Bearer realm="Tracelight"');
      const answered = await get(path as string, read);
      expect([family, answered.status]).toEqual([family, 200]);
    }
  });

  it("never take an ingest token", async () => {
    for (const [family, path] of readRoutes()) {
      const refused = await get(path as string, ingest);
      expect([family, refused.status]).toEqual([family, 401]);
    }
  });

  it("refuse in each API's own shape", async () => {
    expect(await (await get("/api/search")).json()).toEqual({ error: expect.stringMatching(/read token/) });
    expect(await (await get("/api/traces?service=a")).json()).toMatchObject({
      data: null,
      errors: [{ code: 401, msg: expect.stringMatching(/read token/) }],
    });
  });

  it("leave health and the tracers' probes open", async () => {
    expect((await get("/api/health")).status).toBe(200);
    expect((await get("/api/sampling?service=a")).status).toBe(200);
    expect((await get("/info")).status).toBe(200);
  });

  it("tell the header who a read token is", async () => {
    expect(await (await get("/api/auth/session", read)).json()).toEqual({
      user: { kind: "read-token", name: "grafana" },
      signOut: false,
    });
  });
});

describe("ingest with read tokens set", () => {
  it("never takes a read token", async (context) => {
    // Ingest tokens are another part of access control; until they are enforced there is nothing to test.
    if ((await postSpans({})).status === 202) context.skip();
    expect((await postSpans(read)).status).toBe(401);
    expect((await postSpans(ingest)).status).toBe(202);
  });
});

describe("pages with read tokens set", () => {
  it("send a shared link without a credential to sign in, carrying the link", async () => {
    const link = `/trace/${traceId}?span=${spanId}`;
    const response = await get(link);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/signin?next=${encodeURIComponent(link)}`);
  });

  it("serve the sign-in page and its scripts and styles to anyone", async () => {
    const page = await get("/signin?next=%2Fsearch");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('action="/api/auth/token"');
    const assets = [...html.matchAll(/"(\/_next\/static\/[^"]+\.(?:js|css))"/g)].map((match) => match[1]);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) expect([asset, (await get(asset as string)).status]).toEqual([asset, 200]);
  });

  it("open to a read token sent as Bearer (a script fetching a page)", async () => {
    expect((await get("/search", read)).status).toBe(200);
  });

  it("open to a browser signed in with a read token on the sign-in page, back at its link", async () => {
    const link = `/trace/${traceId}?span=${spanId}`;
    const signIn = await fetch(`${server.baseUrl}/api/auth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: READ_TOKEN, next: link }),
      redirect: "manual",
    });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get("location")).toBe(link);
    const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0] as string;
    expect(cookie).toMatch(/^tracelight_session=/);

    const page = await get(link, { cookie });
    expect(page.status).toBe(200);
    expect((await get(`/api/trace/${traceId}`, { cookie })).status).toBe(200);
    expect(await (await get("/api/auth/session", { cookie })).json()).toEqual({
      user: { kind: "session", name: "grafana" },
      signOut: true,
    });

    const signOut = await fetch(`${server.baseUrl}/api/auth/logout`, {
      method: "POST",
      headers: { cookie },
      redirect: "manual",
    });
    expect(signOut.status).toBe(303);
    expect(signOut.headers.get("location")).toBe("/signin");
    expect(signOut.headers.get("set-cookie")).toMatch(/^tracelight_session=; Path=\/; Max-Age=0/);
  });

  it("send an ingest token back to the form", async () => {
    const signIn = await fetch(`${server.baseUrl}/api/auth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: INGEST_TOKEN, next: "/search" }),
      redirect: "manual",
    });
    expect(signIn.headers.get("location")).toBe("/signin?next=%2Fsearch&error=token");
    expect(signIn.headers.get("set-cookie")).toBeNull();
  });
});
