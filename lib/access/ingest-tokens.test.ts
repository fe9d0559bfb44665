import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { readConfig } from "../config";
import { agentUdpHost, createIngestAuth, INGEST_CHALLENGES, presentedTokens } from "./ingest-tokens";

const CI = "0123456789abcdef0123456789abcdef";
const PROD = "fedcba9876543210fedcba9876543210";
const basic = (userPass: string) => `Basic ${Buffer.from(userPass).toString("base64")}`;

describe("presentedTokens", () => {
  it.each([
    ["Bearer", { authorization: `Bearer ${CI}` }, [CI]],
    ["bearer in lower case, with spaces", { authorization: `  bearer   ${CI} ` }, [CI]],
    ["Basic: the password", { authorization: basic(`otel:${CI}`) }, [CI]],
    ["Basic with no username", { authorization: basic(`:${CI}`) }, [CI]],
    ["Basic: a password holding a colon", { authorization: basic(`u:${CI}:x`) }, [`${CI}:x`]],
    ["DD-API-KEY", { apiKey: CI }, [CI]],
    [
      "Authorization and DD-API-KEY, in that order",
      { authorization: `Bearer ${CI}`, apiKey: PROD },
      [CI, PROD],
    ],
    ["Basic without a colon: no password", { authorization: basic(CI) }, []],
    ["another scheme", { authorization: `Token ${CI}` }, []],
    ["a scheme alone", { authorization: "Bearer" }, []],
    ["Bearer with two values", { authorization: `Bearer ${CI} ${PROD}` }, []],
    ["an empty DD-API-KEY", { apiKey: " " }, []],
    ["nothing", {}, []],
  ])("%s", (_, credentials, expected) => {
    expect(presentedTokens(credentials)).toEqual(expected);
  });
});

function request(headers: Record<string, string>): IncomingMessage {
  return { headers, socket: { remoteAddress: "192.0.2.7" } } as unknown as IncomingMessage;
}

describe("createIngestAuth", () => {
  const tokens = readConfig({ TRACELIGHT_INGEST_TOKENS: `ci:${CI},prod:${PROD}` });

  it("lets every request in, naming no one, while no tokens are configured", async () => {
    const open = createIngestAuth(readConfig({}));
    expect(open.required).toBe(false);
    expect(await open.check(request({}))).toEqual({ ok: true });
    expect(await open.check(request({ authorization: "Bearer nonsense" }))).toEqual({ ok: true });
  });

  it.each([
    ["Bearer", { authorization: `Bearer ${PROD}` }, "prod"],
    ["Basic", { authorization: basic(`jaeger:${CI}`) }, "ci"],
    ["DD-API-KEY", { "dd-api-key": CI }, "ci"],
    [
      "an unknown Bearer beside a known DD-API-KEY",
      { authorization: "Bearer x", "dd-api-key": PROD },
      "prod",
    ],
  ])("takes a token sent as %s, naming it", async (_, headers, name) => {
    const auth = createIngestAuth(tokens);
    expect(auth.required).toBe(true);
    expect(await auth.check(request(headers))).toEqual({
      ok: true,
      principal: { kind: "ingest-token", name },
    });
  });

  it.each([
    ["no credentials", {}, /needs an ingest token: send Authorization: Bearer/],
    [
      "an unknown token",
      { authorization: `Bearer ${CI.replace("0", "1")}` },
      /not one of TRACELIGHT_INGEST_TOKENS/,
    ],
    ["a token's name", { authorization: "Bearer ci" }, /not one of TRACELIGHT_INGEST_TOKENS/],
    ["the token as Basic's username", { authorization: basic(`${CI}:`) }, /not one of/],
  ])("refuses %s with 401 and the challenges", async (_, headers, message) => {
    const decision = await createIngestAuth(tokens).check(request(headers));
    expect(decision).toMatchObject({
      ok: false,
      status: 401,
      message: expect.stringMatching(message),
      headers: { "www-authenticate": INGEST_CHALLENGES },
    });
  });

  it("decides a gRPC call's credentials as it decides headers", () => {
    const auth = createIngestAuth(tokens);
    expect(auth.decide({ authorization: `Bearer ${CI}` })).toMatchObject({
      ok: true,
      principal: { name: "ci" },
    });
    expect(auth.decide({})).toMatchObject({ ok: false, status: 401 });
  });
});

describe("agentUdpHost", () => {
  const config = (env: Record<string, string>) => readConfig(env);

  it.each([
    ["no tokens: TRACELIGHT_HOST", {}, "127.0.0.1", false],
    ["no tokens, TRACELIGHT_HOST set", { TRACELIGHT_HOST: "10.0.0.5" }, "10.0.0.5", false],
    [
      "tokens, the rest listening wider: loopback, saying so",
      { TRACELIGHT_INGEST_TOKENS: `ci:${CI}`, TRACELIGHT_HOST: "0.0.0.0" },
      "127.0.0.1",
      true,
    ],
    [
      "tokens, TRACELIGHT_HOST already loopback: nothing to say",
      { TRACELIGHT_INGEST_TOKENS: `ci:${CI}`, TRACELIGHT_HOST: "127.0.0.1" },
      "127.0.0.1",
      false,
    ],
    [
      "tokens, opened by TRACELIGHT_UDP_HOST: saying so",
      { TRACELIGHT_INGEST_TOKENS: `ci:${CI}`, TRACELIGHT_UDP_HOST: "0.0.0.0" },
      "0.0.0.0",
      true,
    ],
    ["no tokens, TRACELIGHT_UDP_HOST", { TRACELIGHT_UDP_HOST: "127.0.0.1" }, "127.0.0.1", false],
  ])("%s", (_, env, host, notice) => {
    const udp = agentUdpHost(config(env));
    expect(udp.host).toBe(host);
    expect(udp.notice !== undefined).toBe(notice);
  });
});
