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
