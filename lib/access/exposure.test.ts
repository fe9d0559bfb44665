import { describe, expect, it } from "vitest";
import { readConfig } from "../config";
import { describeExposure } from "./exposure";

const TOKEN = "0123456789abcdef0123456789abcdef";

describe("describeExposure", () => {
  it("says a laptop's zero settings listen on loopback only, open, without a warning", () => {
    expect(describeExposure(readConfig({}))).toEqual({
      listen: "127.0.0.1:3000 (this machine only)",
      ingest: "open to any sender",
      reads: "open to anyone",
    });
  });

  it("warns when listening beyond loopback with neither ingest tokens nor sign-in", () => {
    expect(describeExposure(readConfig({ TRACELIGHT_HOST: "0.0.0.0" })).warning).toMatch(
      /^listening on 0\.0\.0\.0 with no ingest tokens and no sign-in/,
    );
  });

  it.each([
    ["ingest tokens", { TRACELIGHT_INGEST_TOKENS: `ci:${TOKEN}` }],
    ["read tokens", { TRACELIGHT_READ_TOKENS: `grafana:${TOKEN}` }],
  ])("does not warn beyond loopback with %s, and says what they guard", (_, env) => {
    const exposure = describeExposure(readConfig({ TRACELIGHT_HOST: "0.0.0.0", ...env }));
    expect(exposure.warning).toBeUndefined();
    expect(`${exposure.ingest} ${exposure.reads}`).toMatch(/token/);
  });

  it("names every way readers sign in", () => {
    const exposure = describeExposure(
      readConfig({
        TRACELIGHT_READ_TOKENS: `grafana:${TOKEN}`,
        TRACELIGHT_OIDC_ISSUER: "https://id.example/realms/acme",
        TRACELIGHT_OIDC_CLIENT_ID: "tracelight",
        TRACELIGHT_PUBLIC_URL: "https://traces.example",
      }),
    );
    expect(exposure.reads).toBe(
      "need 1 read token(s) or OpenID Connect sign-in (https://id.example/realms/acme)",
    );
  });
});
