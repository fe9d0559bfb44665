import type { IncomingMessage } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeProxy, startFakeProxy } from "../../test/access/proxy-identity";
import { createProxyVerifier } from "./proxy-jwt";

const HEADER = "x-pomerium-jwt-assertion";
let proxy: FakeProxy;
let verify: ReturnType<typeof createProxyVerifier>;

beforeAll(async () => {
  proxy = await startFakeProxy();
  verify = createProxyVerifier({
    header: HEADER,
    jwksUrl: proxy.jwksUrl,
    issuer: proxy.issuer,
    audience: proxy.audience,
  });
});
afterAll(() => proxy.close());

const request = (assertion?: string) =>
  ({ headers: assertion === undefined ? {} : { [HEADER]: assertion } }) as IncomingMessage;

describe("createProxyVerifier", () => {
  it("takes the proxy's assertion and hands on its claims", async () => {
    const result = await verify(request(await proxy.assert()));
    expect(result).toMatchObject({ kind: "valid", claims: { sub: "user-1", email: "alice@example.com" } });
  });

  it("says when there is none", async () => {
    expect(await verify(request())).toEqual({ kind: "absent" });
    expect(await verify(request(""))).toEqual({ kind: "absent" });
  });

  it.each([
    ["an unsigned assertion (alg: none)", () => proxy.assertUnsigned(), /public-key algorithm/],
    ["one signed by another key", () => proxy.assertWithOtherKey(), /not signed by a key of the proxy's/],
    ["an expired one", () => proxy.assert({}, { expiresInS: -120 }), /expired/],
    ["one for another audience", () => proxy.assert({ aud: "other.example.com" }), /aud claim/],
    ["one from another issuer", () => proxy.assert({ iss: "evil.example.com" }), /iss claim/],
    ["one without an expiry", () => proxy.assert({ exp: undefined }), /exp claim/],
    ["something that is no JWT", async () => "not-a-jwt", /not a valid JWT/],
  ])("refuses %s", async (_, make, reason) => {
    const result = await verify(request(await make()));
    expect(result.kind).toBe("invalid");
    expect(result.kind === "invalid" && result.reason).toMatch(reason);
  });

  it("refuses everything while the proxy's keys cannot be fetched", async () => {
    const unreachable = createProxyVerifier({ header: HEADER, jwksUrl: "http://127.0.0.1:9/jwks.json" });
    const result = await unreachable(request(await proxy.assert()));
    expect(result).toEqual({ kind: "invalid", reason: "the proxy's keys cannot be fetched now" });
  });
});
