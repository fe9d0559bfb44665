import type { IncomingMessage } from "node:http";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readConfig } from "../config";
import type { Route } from "../http/router";
import { metrics } from "../observe/metrics";
import { createReaders } from "./readers";

const GRAFANA = "0123456789abcdef0123456789abcdef";
const INGEST = "ffffffffffffffffffffffffffffffff";
const SECRET = "a session secret of thirty-two characters or more";

/** A request as the router and the page gate see it; `body` makes it readable, as a form post is. */
function request(url: string, headers: Record<string, string> = {}, body?: string): IncomingMessage {
  return Object.assign(Readable.from(body === undefined ? [] : [Buffer.from(body)]), {
    url,
    method: body === undefined ? "GET" : "POST",
    headers,
  }) as unknown as IncomingMessage;
}

function route(routes: Route[], method: string, path: string): Route {
  const found = routes.find((candidate) => candidate.method === method && candidate.path === path);
  if (!found) throw new Error(`no ${method} ${path}`);
  return found;
}

describe("createReaders without settings", () => {
  const readers = createReaders(readConfig({}));

  it("lets every read and page in, as it always did", async () => {
    expect(await readers.check(request("/api/search"))).toEqual({ ok: true });
    expect(await readers.checkPage(request("/trace/ab"))).toEqual({ ok: true });
  });

  it("tells the header nobody is signed in", async () => {
    const reply = await route(readers.routes, "GET", "/api/auth/session").handle({
      message: request("/api/auth/session"),
      url: new URL("http://x/api/auth/session"),
      params: {},
    });
    expect(JSON.parse(String(reply.body))).toEqual({ user: null, signOut: false });
  });
});

describe("createReaders with read tokens", () => {
  const readers = createReaders(
    readConfig({ TRACELIGHT_READ_TOKENS: `grafana:${GRAFANA}`, TRACELIGHT_SESSION_SECRET: SECRET }),
  );

  it("lets a read token in, naming it, and counts it by name", async () => {
    const before = await counted("tracelight_read_requests_total", { kind: "read-token", token: "grafana" });
    expect(await readers.check(request("/api/search", { authorization: `Bearer ${GRAFANA}` }))).toEqual({
      ok: true,
      principal: { kind: "read-token", name: "grafana" },
    });
    expect(await counted("tracelight_read_requests_total", { kind: "read-token", token: "grafana" })).toBe(
      before + 1,
    );
  });

  it.each([
    ["no credential", {}, /reads here need a read token/],
    ["another token (an ingest token)", { authorization: `Bearer ${INGEST}` }, /not a read token/],
    [
      "basic authentication",
      { authorization: `Basic ${Buffer.from(`u:${GRAFANA}`).toString("base64")}` },
      /need/,
    ],
  ])("refuses an API request with %s: 401 and a Bearer challenge", async (_, headers, message) => {
    const decision = await readers.check(request("/api/search", headers));
    expect(decision).toMatchObject({
      ok: false,
      status: 401,
      headers: { "www-authenticate": 'Bearer realm="Tracelight"' },
    });
    expect(!decision.ok && decision.message).toMatch(message);
  });

  it("sends a page without a credential to sign in, carrying its link", async () => {
    expect(await readers.checkPage(request("/trace/4bf9?span=00f0"))).toMatchObject({
      ok: false,
      redirect: "/signin?next=%2Ftrace%2F4bf9%3Fspan%3D00f0",
    });
  });

  it.each([
    ["the sign-in page", "/signin?next=%2Fsearch"],
    ["a script", "/_next/static/chunks/app.js"],
    ["the icon", "/favicon.ico"],
    ["the drawn icon, its version in the query", "/icon.svg?3f2a9c41d0b7e865"],
  ])("lets %s load without a credential", async (_, path) => {
    expect(await readers.checkPage(request(path))).toEqual({ ok: true });
  });

  it.each([
    ["climbing out of the static assets", "/_next/static/../../search"],
    ["the same, percent-encoded", "/_next/static/%2e%2e/%2e%2e/search"],
    ["climbing out of the sign-in page", "/signin/../search"],
    ["below the sign-in page", "/signin/x"],
    ["Next's other paths", "/_next/image?url=/x"],
  ])("keeps pages closed to a path %s", async (_, path) => {
    expect(await readers.checkPage(request(path))).toMatchObject({ ok: false });
  });

  it("signs a browser in with a read token from the sign-in form, then knows it", async () => {
    const form = new URLSearchParams({ token: GRAFANA, next: "/trace/ab?span=cd" }).toString();
    const reply = await route(readers.routes, "POST", "/api/auth/token").handle({
      message: request("/api/auth/token", { "content-type": "application/x-www-form-urlencoded" }, form),
      url: new URL("http://x/api/auth/token"),
      params: {},
    });
    expect(reply.status).toBe(303);
    expect(reply.headers?.location).toBe("/trace/ab?span=cd");
    const cookie = String(reply.headers?.["set-cookie"]);
    expect(cookie).toMatch(/^tracelight_session=[^;]+; Path=\/; Max-Age=43200; HttpOnly; SameSite=Lax$/);
    const session = { cookie: cookie.split(";")[0] as string };
    expect(await readers.checkPage(request("/trace/ab", session))).toEqual({
      ok: true,
      principal: { kind: "session", name: "grafana" },
    });
    expect(await readers.check(request("/api/search", session))).toMatchObject({ ok: true });
  });

  it("sends a wrong token back to the form, keeping the link", async () => {
    const form = new URLSearchParams({ token: INGEST, next: "/search?service=a" }).toString();
    const reply = await route(readers.routes, "POST", "/api/auth/token").handle({
      message: request("/api/auth/token", { "content-type": "application/x-www-form-urlencoded" }, form),
      url: new URL("http://x/api/auth/token"),
      params: {},
    });
    expect(reply.headers).toEqual({
      location: "/signin?next=%2Fsearch%3Fservice%3Da&error=token",
      "cache-control": "no-store",
    });
  });

  it("takes no session sealed with another secret", async () => {
    const other = createReaders(
      readConfig({ TRACELIGHT_READ_TOKENS: `grafana:${GRAFANA}`, TRACELIGHT_SESSION_SECRET: "x".repeat(40) }),
    );
    const form = new URLSearchParams({ token: GRAFANA, next: "/" }).toString();
    const reply = await route(other.routes, "POST", "/api/auth/token").handle({
      message: request("/api/auth/token", { "content-type": "application/x-www-form-urlencoded" }, form),
      url: new URL("http://x/api/auth/token"),
      params: {},
    });
    const cookie = String(reply.headers?.["set-cookie"]).split(";")[0] as string;
    expect(await readers.check(request("/api/search", { cookie }))).toMatchObject({ ok: false, status: 401 });
  });
});

async function counted(name: string, labels: Record<string, string>): Promise<number> {
  const metric = await metrics.registry.getSingleMetric(name)?.get();
  const value = metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return value?.value ?? 0;
}
