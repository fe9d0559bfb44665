import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { createSessions, type Session } from "./sessions";

const secret = new TextEncoder().encode("a session secret of thirty-two characters or more");
const request = (headers: Record<string, string> = {}) => ({ headers }) as unknown as IncomingMessage;
const alice: Session = {
  kind: "oidc",
  identity: { subject: "u-1", name: "alice@example.com", email: "alice@example.com", groups: ["sre"] },
  idToken: "header.payload.signature",
};

/** The browser's side: the cookie's name=value, sent back on the next request. */
const sentBack = (setCookie: string) => request({ cookie: setCookie.split(";")[0] as string });

describe("createSessions", () => {
  it("reads back the session it started", async () => {
    const sessions = createSessions(secret, 3600, "http://localhost:3000");
    expect(await sessions.read(sentBack(await sessions.start(request(), alice)))).toEqual(alice);
  });

  it("makes the cookie Secure when browsers come over HTTPS", async () => {
    const behindTls = createSessions(secret, 3600, "https://traces.example.com");
    expect(await behindTls.start(request(), alice)).toMatch(/; Secure$/);
    expect(behindTls.end(request())).toMatch(/; Secure$/);
    const plain = createSessions(secret, 3600, "http://localhost:3000");
    expect(await plain.start(request(), alice)).not.toMatch(/Secure/);
  });

  it("keeps the cookie under 4 KB, leaving out an ID token too large to carry", async () => {
    const sessions = createSessions(secret, 3600, undefined);
    const cookie = await sessions.start(request(), { ...alice, idToken: "x".repeat(6000) });
    expect(cookie.length).toBeLessThan(4096);
    expect(await sessions.read(sentBack(cookie))).toEqual({ kind: "oidc", identity: alice.identity });
  });

  it("has none without a cookie, or with one it did not seal", async () => {
    const sessions = createSessions(secret, 3600, undefined);
    expect(await sessions.read(request())).toBeUndefined();
    expect(
      await sessions.read(request({ cookie: "tracelight_session=eyJhbGciOiJub25lIn0.e30." })),
    ).toBeUndefined();
  });
});
