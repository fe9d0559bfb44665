import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../lib/net/free-port";
import { startTestServer, type TestServer } from "../test-server";
import { type FakeProxy, startFakeProxy } from "./proxy-identity";

/**
 * Behind an identity-aware proxy (Pomerium): Tracelight trusts the assertion in
 * TRACELIGHT_TRUSTED_JWT_HEADER only when signed by a key of the proxy's JWKS, for this route
 * (audience), unexpired, and for a person the allowed domains admit. A request that did not come
 * through the proxy has no assertion: refused, on APIs and pages alike, with no sign-in to go to.
 */
const HEADER = "X-Pomerium-Jwt-Assertion";

let proxy: FakeProxy;
let server: TestServer;

const get = (path: string, assertion?: string) =>
  fetch(`${server.baseUrl}${path}`, {
    headers: assertion === undefined ? {} : { [HEADER]: assertion },
    redirect: "manual",
  });

beforeAll(async () => {
  proxy = await startFakeProxy("tracelight.example.com");
  server = await startTestServer(await freePort(), {
    peerPorts: false,
    env: {
      TRACELIGHT_TRUSTED_JWT_HEADER: HEADER,
      TRACELIGHT_TRUSTED_JWKS_URL: proxy.jwksUrl,
      TRACELIGHT_TRUSTED_JWT_ISSUER: proxy.issuer,
      TRACELIGHT_TRUSTED_JWT_AUDIENCE: proxy.audience,
      TRACELIGHT_ALLOWED_EMAIL_DOMAINS: "example.com",
    },
  });
});

afterAll(async () => {
  await server?.stop();
  await proxy?.close();
});

describe("reads behind a trusted proxy", () => {
  it("answer a request carrying the proxy's assertion, API and page alike", async () => {
    expect((await get("/api/search?lookback=1h", await proxy.assert())).status).toBe(200);
    expect((await get("/metrics", await proxy.assert())).status).toBe(200);
    expect((await get("/search", await proxy.assert())).status).toBe(200);
    expect(await (await get("/api/auth/session", await proxy.assert())).json()).toEqual({
      user: { kind: "proxy", name: "alice@example.com" },
      signOut: false,
    });
  });

  it.each([
    ["no assertion (a request around the proxy)", async () => undefined, /need the proxy's signed identity/],
    ["an unsigned one (alg: none)", async () => proxy.assertUnsigned(), /public-key algorithm/],
    ["one signed with another key", () => proxy.assertWithOtherKey(), /not signed by a key of the proxy's/],
    ["an expired one", () => proxy.assert({}, { expiresInS: -120 }), /expired/],
    ["one for another route (audience)", () => proxy.assert({ aud: "grafana.example.com" }), /aud claim/],
    ["one from another issuer", () => proxy.assert({ iss: "evil.example.com" }), /iss claim/],
  ])("refuse %s with 401", async (_, make, reason) => {
    const response = await get("/api/search?lookback=1h", await make());
    expect(response.status).toBe(401);
    expect((await response.json()).error).toMatch(reason);
  });

  it("refuse a person outside the allowed domains with 403", async () => {
    const response = await get(
      "/api/search?lookback=1h",
      await proxy.assert({ email: "mallory@elsewhere.org" }),
    );
    expect(response.status).toBe(403);
    expect((await response.json()).error).toMatch(/elsewhere\.org may not read here/);
  });

  it("say a page came around the proxy instead of sending it to a sign-in there is not", async () => {
    const response = await get("/trace/a03ee8fff1dcd9b9?span=7a778764a0d0b594");
    expect(response.status).toBe(401);
    expect(response.headers.get("location")).toBeNull();
    expect(await response.text()).toMatch(/reached through its proxy.*x-pomerium-jwt-assertion/i);
  });

  it("refuse a forged page request with 401, not a redirect", async () => {
    const response = await get("/search", proxy.assertUnsigned());
    expect(response.status).toBe(401);
    expect(response.headers.get("location")).toBeNull();
  });
});
