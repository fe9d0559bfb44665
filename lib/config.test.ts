import { describe, expect, it } from "vitest";
import { readConfig } from "./config";

describe("TRACELIGHT_MAINTENANCE_INTERVAL", () => {
  it.each([
    ["unset: ten minutes", undefined, 600_000_000],
    ["empty: the default", "", 600_000_000],
    ["seconds", "30s", 30_000_000],
    ["hours", "1h", 3_600_000_000],
    ["the shortest allowed", "1s", 1_000_000],
  ])("%s", (_, value, expectedUs) => {
    expect(readConfig({ TRACELIGHT_MAINTENANCE_INTERVAL: value }).TRACELIGHT_MAINTENANCE_INTERVAL).toBe(
      expectedUs,
    );
  });

  it.each([
    ["below a second", "500ms", /at least 1s/],
    ["zero", "0s", /expected a duration/],
    ["no unit", "10", /expected a duration/],
    ["not a duration", "often", /expected a duration/],
  ])("refuses %s, naming the variable", (_, value, reason) => {
    expect(() => readConfig({ TRACELIGHT_MAINTENANCE_INTERVAL: value })).toThrow(
      /TRACELIGHT_MAINTENANCE_INTERVAL/,
    );
    expect(() => readConfig({ TRACELIGHT_MAINTENANCE_INTERVAL: value })).toThrow(reason);
  });
});

describe("TRACELIGHT_INGEST_TOKENS", () => {
  const token = "0123456789abcdef0123456789abcdef";

  it("is no tokens when unset or empty", () => {
    expect(readConfig({}).TRACELIGHT_INGEST_TOKENS).toEqual([]);
    expect(readConfig({ TRACELIGHT_INGEST_TOKENS: "" }).TRACELIGHT_INGEST_TOKENS).toEqual([]);
  });

  it("reads name:token pairs", () => {
    expect(readConfig({ TRACELIGHT_INGEST_TOKENS: `ci:${token}` }).TRACELIGHT_INGEST_TOKENS).toEqual([
      { name: "ci", token },
    ]);
  });

  it("stops the start on bad syntax, naming the variable and the entry but not the token", () => {
    const read = () => readConfig({ TRACELIGHT_INGEST_TOKENS: `ci:${token},prod` });
    expect(read).toThrow(/TRACELIGHT_INGEST_TOKENS: entry 2 has no ":"/);
    expect(() => readConfig({ TRACELIGHT_INGEST_TOKENS: `ci:${token}!` })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(token) }),
    );
  });
});

describe("TRACELIGHT_UDP_HOST", () => {
  it.each(["0.0.0.0", "127.0.0.1", "10.1.2.3"])("takes %s", (host) => {
    expect(readConfig({ TRACELIGHT_UDP_HOST: host }).TRACELIGHT_UDP_HOST).toBe(host);
  });

  it.each(["localhost", "::", "300.1.1.1"])("refuses %s, naming the variable", (host) => {
    expect(() => readConfig({ TRACELIGHT_UDP_HOST: host })).toThrow(
      /TRACELIGHT_UDP_HOST: expected an IPv4 address/,
    );
  });
});

describe("the readers' settings", () => {
  const TOKEN = "0123456789abcdef0123456789abcdef";
  const OIDC = {
    TRACELIGHT_OIDC_ISSUER: "https://keycloak.example.com/realms/acme",
    TRACELIGHT_OIDC_CLIENT_ID: "tracelight",
    TRACELIGHT_PUBLIC_URL: "https://traces.example.com/",
  };
  const PROXY = {
    TRACELIGHT_TRUSTED_JWT_HEADER: "X-Pomerium-Jwt-Assertion",
    TRACELIGHT_TRUSTED_JWKS_URL: "https://traces.example.com/.well-known/pomerium/jwks.json",
  };

  it("reads tokens by name, sign-in with its defaults, and a proxy's header in lower case", () => {
    const config = readConfig({
      TRACELIGHT_READ_TOKENS: `grafana:${TOKEN}`,
      ...OIDC,
      ...PROXY,
      TRACELIGHT_ALLOWED_EMAIL_DOMAINS: "Example.com, example.org",
    });
    expect(config.TRACELIGHT_READ_TOKENS).toEqual([{ name: "grafana", token: TOKEN }]);
    expect(config.TRACELIGHT_PUBLIC_URL).toBe("https://traces.example.com");
    expect(config.TRACELIGHT_OIDC_SCOPES).toBe("openid email profile");
    expect(config.TRACELIGHT_SESSION_LIFETIME).toBe(12 * 3_600_000_000);
    expect(config.TRACELIGHT_TRUSTED_JWT_HEADER).toBe("x-pomerium-jwt-assertion");
    expect(config.TRACELIGHT_ALLOWED_EMAIL_DOMAINS).toEqual(["example.com", "example.org"]);
  });

  it.each([
    [
      "a short read token",
      { TRACELIGHT_READ_TOKENS: "grafana:secret" },
      /TRACELIGHT_READ_TOKENS: entry 1 \(grafana\): a token is 32 to 512/,
    ],
    [
      "an issuer without a client",
      { ...OIDC, TRACELIGHT_OIDC_CLIENT_ID: undefined },
      /TRACELIGHT_OIDC_CLIENT_ID: is needed/,
    ],
    [
      "an issuer without the public URL",
      { ...OIDC, TRACELIGHT_PUBLIC_URL: undefined },
      /TRACELIGHT_PUBLIC_URL: is needed/,
    ],
    [
      "a client without an issuer",
      { TRACELIGHT_OIDC_CLIENT_ID: "x" },
      /TRACELIGHT_OIDC_CLIENT_ID: is set without/,
    ],
    [
      "a public URL with a path",
      { ...OIDC, TRACELIGHT_PUBLIC_URL: "https://a.example.com/traces" },
      /without a path/,
    ],
    ["scopes without openid", { ...OIDC, TRACELIGHT_OIDC_SCOPES: "email profile" }, /"openid"/],
    ["a proxy header without its keys", { TRACELIGHT_TRUSTED_JWT_HEADER: "X-A" }, /go together/],
    [
      "a proxy's keys without its header",
      { TRACELIGHT_TRUSTED_JWKS_URL: PROXY.TRACELIGHT_TRUSTED_JWKS_URL },
      /go together/,
    ],
    [
      "a proxy's audience without its header",
      { TRACELIGHT_TRUSTED_JWT_AUDIENCE: "a" },
      /AUDIENCE: is set without/,
    ],
    [
      "the Authorization header as the proxy's",
      { ...PROXY, TRACELIGHT_TRUSTED_JWT_HEADER: "Authorization" },
      /proxy's own/,
    ],
    [
      "allowed domains with nobody signing in",
      { TRACELIGHT_ALLOWED_EMAIL_DOMAINS: "a.com" },
      /restricts signed-in users/,
    ],
    [
      "allowed groups beside read tokens only",
      { TRACELIGHT_READ_TOKENS: `g:${TOKEN}`, TRACELIGHT_ALLOWED_GROUPS: "sre" },
      /restricts/,
    ],
    ["a short session secret", { TRACELIGHT_SESSION_SECRET: "short" }, /at least 32 characters/],
  ])("refuses %s", (_, env, message) => {
    expect(() => readConfig(env)).toThrow(message);
  });
});

describe("TRACELIGHT_HOST", () => {
  it.each([
    ["unset: loopback only", {}, "127.0.0.1"],
    ["set", { TRACELIGHT_HOST: "0.0.0.0" }, "0.0.0.0"],
    ["HOST, deprecated, when it is unset", { HOST: "::" }, "::"],
    ["over HOST", { TRACELIGHT_HOST: "10.0.0.2", HOST: "0.0.0.0" }, "10.0.0.2"],
  ])("%s", (_, env, expected) => {
    expect(readConfig(env).TRACELIGHT_HOST).toBe(expected);
  });
});

describe("the browser settings", () => {
  it("reads allowed hosts lower-case, without repeats", () => {
    expect(
      readConfig({ TRACELIGHT_ALLOWED_HOSTS: "Tracelight, .corp.example,tracelight" })
        .TRACELIGHT_ALLOWED_HOSTS,
    ).toEqual(["tracelight", ".corp.example"]);
  });

  it.each(["http://tracelight", "tracelight:3000", "a b"])("refuses the allowed host %s", (value) => {
    expect(() => readConfig({ TRACELIGHT_ALLOWED_HOSTS: value })).toThrow(/TRACELIGHT_ALLOWED_HOSTS/);
  });

  it("reads CORS origins as browsers send them", () => {
    expect(
      readConfig({ TRACELIGHT_CORS_ORIGINS: "https://Shop.Example:443/, http://localhost:5173" })
        .TRACELIGHT_CORS_ORIGINS,
    ).toEqual(["https://shop.example", "http://localhost:5173"]);
  });

  it.each(["shop.example", "https://shop.example/app", "file:///tmp", "*", "null"])(
    "refuses the CORS origin %s",
    (value) => {
      expect(() => readConfig({ TRACELIGHT_CORS_ORIGINS: value })).toThrow(
        /TRACELIGHT_CORS_ORIGINS.*expected origins/,
      );
    },
  );

  it("frames for nobody unless told, and refuses what would end the policy", () => {
    expect(readConfig({}).TRACELIGHT_FRAME_ANCESTORS).toBe("'none'");
    expect(() => readConfig({ TRACELIGHT_FRAME_ANCESTORS: "'self'; script-src *" })).toThrow(
      /TRACELIGHT_FRAME_ANCESTORS/,
    );
  });
});
