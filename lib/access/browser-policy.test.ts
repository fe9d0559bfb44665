import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type BrowserPolicy, type BrowserRequest, isOwnOrigin, judge } from "./browser-policy";
import { createHostCheck } from "./hosts";

const policy: BrowserPolicy = {
  hostAllowed: createHostCheck(["tracelight.example"], "box"),
  corsOrigins: new Set(["https://shop.example"]),
};
const verdictOf = (request: BrowserRequest) => judge(request, policy).kind;
const reasonOf = (request: BrowserRequest) => {
  const verdict = judge(request, policy);
  return verdict.kind === "refuse" ? verdict.reason : undefined;
};

describe("judge", () => {
  it.each<[string, BrowserRequest]>([
    ["a tracer's POST (no Origin)", { method: "POST", host: "localhost:9411" }],
    ["a tracer's POST naming another Host", { method: "POST", host: "tracelight:9411" }],
    ["a tracer's PUT naming another Host", { method: "PUT", host: "tracelight:8126" }],
    ["a script's GET", { method: "GET", host: "127.0.0.1:3000" }],
    ["an HTTP/1.0 GET without Host", { method: "GET" }],
    [
      "the UI's own fetch",
      { method: "POST", host: "localhost:3000", origin: "http://localhost:3000", fetchSite: "same-origin" },
    ],
    [
      "the UI behind a TLS proxy",
      { method: "POST", host: "tracelight.example", origin: "https://tracelight.example" },
    ],
    [
      "a link from another site",
      { method: "GET", host: "localhost:3000", fetchSite: "cross-site", fetchMode: "navigate" },
    ],
    ["a page's own script", { method: "GET", host: "localhost:3000", fetchSite: "same-origin" }],
    ["a typed address", { method: "GET", host: "localhost:3000", fetchSite: "none", fetchMode: "navigate" }],
    [
      "the UI's own form POST, its Origin null under no-referrer",
      {
        method: "POST",
        host: "localhost:3000",
        origin: "null",
        fetchSite: "same-origin",
        fetchMode: "navigate",
      },
    ],
    [
      "the UI behind a proxy that rewrites Host, by Sec-Fetch-Site",
      {
        method: "POST",
        host: "127.0.0.1:3000",
        origin: "https://tracelight.example",
        fetchSite: "same-origin",
      },
    ],
  ])("passes %s", (_, request) => {
    expect(judge(request, policy)).toEqual({ kind: "pass" });
  });

  it.each<[string, BrowserRequest, string]>([
    ["a rebound name's page", { method: "GET", host: "attacker.example:3000" }, "host"],
    [
      "a rebound name's POST, same-origin to the browser",
      { method: "POST", host: "attacker.example:3000", origin: "http://attacker.example:3000" },
      "host",
    ],
    ["a rebound name's preflight", { method: "OPTIONS", host: "attacker.example" }, "host"],
    [
      "another site's no-cors POST",
      { method: "POST", host: "localhost:4318", origin: "https://attacker.example", fetchSite: "cross-site" },
      "origin",
    ],
    [
      "another port's page (same site)",
      { method: "POST", host: "localhost:3000", origin: "http://localhost:5173", fetchSite: "same-site" },
      "origin",
    ],
    [
      "another site's fetch reading",
      { method: "GET", host: "localhost:3000", origin: "https://x.example" },
      "origin",
    ],
    ["a sandboxed frame", { method: "POST", host: "localhost:3000", origin: "null" }, "origin"],
    [
      "another site's form POST, its Origin null",
      {
        method: "POST",
        host: "localhost:3000",
        origin: "null",
        fetchSite: "cross-site",
        fetchMode: "navigate",
      },
      "origin",
    ],
    [
      "an http page of the UI's https name on another port",
      { method: "POST", host: "tracelight.example", origin: "http://tracelight.example:8080" },
      "origin",
    ],
    [
      "another site's <img>",
      { method: "GET", host: "localhost:3000", fetchSite: "cross-site", fetchMode: "no-cors" },
      "fetch-site",
    ],
    [
      "another port's <script> (same site)",
      { method: "GET", host: "localhost:3000", fetchSite: "same-site", fetchMode: "no-cors" },
      "fetch-site",
    ],
    [
      "another site framing a page",
      { method: "POST", host: "localhost:3000", fetchSite: "cross-site", fetchMode: "navigate" },
      "fetch-site",
    ],
  ])("refuses %s (%s)", (_, request, reason) => {
    expect(reasonOf(request)).toBe(reason);
  });

  it("answers a listed origin's preflight, whatever Host it names", () => {
    expect(
      judge(
        {
          method: "OPTIONS",
          host: "tracelight:4318",
          origin: "https://shop.example",
          preflightMethod: "POST",
        },
        policy,
      ),
    ).toEqual({ kind: "preflight", origin: "https://shop.example" });
  });

  it("passes a listed origin's request, naming it for the CORS answer", () => {
    expect(
      judge(
        { method: "POST", host: "localhost:4318", origin: "https://shop.example", fetchSite: "cross-site" },
        policy,
      ),
    ).toEqual({ kind: "pass", corsOrigin: "https://shop.example" });
  });

  it("refuses another origin's preflight", () => {
    expect(
      verdictOf({
        method: "OPTIONS",
        host: "localhost:4318",
        origin: "https://x.example",
        preflightMethod: "POST",
      }),
    ).toBe("refuse");
  });

  it("never passes a request from an origin that is neither the UI's nor listed", () => {
    const methods = fc.constantFrom("GET", "HEAD", "POST", "PUT", "OPTIONS", "DELETE");
    const hosts = fc.constantFrom(
      "localhost:3000",
      "127.0.0.1:9411",
      "tracelight.example",
      "attacker.example",
    );
    const sites = fc.constantFrom(undefined, "cross-site", "same-site", "same-origin", "none");
    const origins = fc.oneof(
      fc.webUrl().map((url) => new URL(url).origin),
      fc.constantFrom("null", "http://localhost:3000", "https://shop.example.attacker", "http://localhost"),
    );
    fc.assert(
      fc.property(methods, hosts, origins, sites, (method, host, origin, fetchSite) => {
        fc.pre(!isOwnOrigin(origin, host) && !policy.corsOrigins.has(origin) && fetchSite !== "same-origin");
        expect(verdictOf({ method, host, origin, fetchSite })).toBe("refuse");
      }),
    );
  });
});

describe("isOwnOrigin", () => {
  it.each([
    ["http://localhost:3000", "localhost:3000", true],
    ["https://t.example", "t.example:443", true],
    ["http://t.example", "t.example:80", true],
    ["https://t.example", "t.example:80", false],
    ["http://localhost:3000", "localhost:9411", false],
    ["http://127.0.0.1:3000", "localhost:3000", false],
    ["null", "localhost:3000", false],
    ["file://", "localhost", false],
  ])("%s on Host %s: %s", (origin, host, own) => {
    expect(isOwnOrigin(origin, host)).toBe(own);
  });
});
