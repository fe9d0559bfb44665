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
