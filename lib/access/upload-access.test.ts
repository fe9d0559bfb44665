import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { readConfig } from "../config";
import type { AccessDecision, Principal } from "./access";
import { BEARER_CHALLENGE, createIngestAuth } from "./ingest-tokens";
import { authorizeUpload } from "./upload-access";

const CI = "0123456789abcdef0123456789abcdef";
const request = (headers: Record<string, string>) =>
  ({ headers, socket: { remoteAddress: "192.0.2.7" } }) as unknown as IncomingMessage;

/** A reader side that answers `decision` whatever the request (readers.ts decides it for real). */
const readersAnswering = (decision: AccessDecision) => ({ check: async () => decision });
const reader = (kind: Principal["kind"]): AccessDecision => ({
  ok: true,
  principal: { kind, name: "ana@example.com" },
});
const SIGN_IN: AccessDecision = { ok: false, status: 401, message: "sign in" };

describe("authorizeUpload", () => {
  const ingest = createIngestAuth(readConfig({ TRACELIGHT_INGEST_TOKENS: `ci:${CI}` }));

  it("is open while ingest is, whoever asks", async () => {
    const upload = authorizeUpload(createIngestAuth(readConfig({})), readersAnswering(SIGN_IN));
    expect(await upload(request({}))).toEqual({ ok: true });
  });

  it("takes an ingest token, naming it", async () => {
    const upload = authorizeUpload(ingest, readersAnswering(SIGN_IN));
    expect(await upload(request({ authorization: `Bearer ${CI}` }))).toEqual({
      ok: true,
      principal: { kind: "ingest-token", name: "ci" },
    });
  });

  it.each(["session", "proxy"] as const)("takes a signed-in reader (%s), naming them", async (kind) => {
    const upload = authorizeUpload(ingest, readersAnswering(reader(kind)));
    expect(await upload(request({}))).toEqual(reader(kind));
  });

  it.each([
    ["a read token", reader("read-token")],
    ["reads open to anyone (no readers configured)", { ok: true } as AccessDecision],
    ["no reader either", SIGN_IN],
  ])("refuses %s with 401 and Bearer's challenge alone", async (_, readerDecision) => {
    const decision = await authorizeUpload(ingest, readersAnswering(readerDecision))(request({}));
    expect(decision).toMatchObject({
      ok: false,
      status: 401,
      message: expect.stringMatching(/needs an ingest token.*or sign in/),
      headers: { "www-authenticate": BEARER_CHALLENGE },
    });
  });
});
