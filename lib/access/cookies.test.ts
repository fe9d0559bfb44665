import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { clearCookie, readCookie, setCookie, viaHttps } from "./cookies";

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe("readCookie", () => {
  it.each([
    ["the only cookie", "tracelight_session=abc", "abc"],
    ["one among others", "theme=dark; tracelight_session=a.b.c; other=1", "a.b.c"],
    ["not a cookie whose name ends the same", "x_tracelight_session=abc", undefined],
    ["no cookies", "", undefined],
  ])("%s", (_, header, value) => {
    expect(readCookie(request({ cookie: header }), "tracelight_session")).toBe(value);
  });
});

describe("setCookie", () => {
  it("is HttpOnly and SameSite=Lax always, Secure when asked", () => {
    expect(setCookie("s", "v", 3600, { path: "/", secure: false })).toBe(
      "s=v; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax",
    );
    expect(setCookie("s", "v", 60, { path: "/api/auth/callback", secure: true })).toBe(
      "s=v; Path=/api/auth/callback; Max-Age=60; HttpOnly; SameSite=Lax; Secure",
    );
  });

  it("clears with an empty value that expires at once, on the same path", () => {
    expect(clearCookie("s", { path: "/", secure: true })).toBe(
      "s=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure",
    );
  });
});

describe("viaHttps", () => {
  it.each([
    ["an https public URL", "https://traces.example.com", {}, true],
    ["an http public URL", "http://localhost:3000", {}, false],
    ["a proxy that terminated TLS", undefined, { "x-forwarded-proto": "https" }, true],
    ["the first of several proxies", undefined, { "x-forwarded-proto": "https, http" }, true],
    ["plain HTTP", undefined, {}, false],
  ])("%s", (_, publicUrl, headers, secure) => {
    expect(viaHttps(request(headers), publicUrl)).toBe(secure);
  });
});
