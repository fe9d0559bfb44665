import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce, scriptNonce, securityHeaders } from "./security-headers";

const PRODUCTION = { frameAncestors: "'none'", development: false };

describe("contentSecurityPolicy", () => {
  it("limits scripts to this origin and the nonce, with no eval, framing nobody", () => {
    const policy = contentSecurityPolicy("abc123==", PRODUCTION);
    expect(policy).toContain("script-src 'self' 'nonce-abc123=='");
    expect(policy).not.toContain("unsafe-eval");
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("base-uri 'none'");
  });

  it("allows eval only for Next's development server", () => {
    expect(contentSecurityPolicy("n", { ...PRODUCTION, development: true })).toContain(
      "script-src 'self' 'nonce-n' 'unsafe-eval'",
    );
  });

  it("lets the configured sites frame the pages", () => {
    const options = { ...PRODUCTION, frameAncestors: "'self' https://grafana.example" };
    expect(contentSecurityPolicy("n", options)).toContain("frame-ancestors 'self' https://grafana.example");
  });
});

describe("securityHeaders", () => {
  it("sends nosniff, no referrer and, when nobody may frame, X-Frame-Options", () => {
    expect(securityHeaders("n", PRODUCTION)).toMatchObject({
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "x-frame-options": "DENY",
    });
  });

  it("leaves X-Frame-Options out when some may frame: it cannot name them", () => {
    expect(securityHeaders("n", { ...PRODUCTION, frameAncestors: "'self'" })).not.toHaveProperty(
      "x-frame-options",
    );
  });
});

describe("scriptNonce", () => {
  it("reads back the nonce of a policy it made", () => {
    const nonce = newNonce();
    expect(scriptNonce(contentSecurityPolicy(nonce, PRODUCTION))).toBe(nonce);
  });

  it.each([
    ["no policy", null],
    ["a policy without a nonce", "default-src 'self'; script-src 'self'"],
    ["a nonce outside script-src", "style-src 'nonce-abc'; script-src 'self'"],
  ])("finds none in %s", (_, policy) => {
    expect(scriptNonce(policy)).toBeUndefined();
  });

  it("makes a new nonce each time", () => {
    expect(newNonce()).not.toBe(newNonce());
    expect(Buffer.from(newNonce(), "base64")).toHaveLength(16);
  });
});
