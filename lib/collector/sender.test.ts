import { describe, expect, it } from "vitest";
import { readFixtureBytes } from "../../test/fixtures";
import { wideZipkinTrace } from "../../test/spans";
import type { Span } from "../model/span";
import { decode } from "./prepare";
import { INGEST_TOKEN_KEY, recordSender, UPLOADED_BY_KEY } from "./sender";

const span = (resource: Span["resource"]): Span => ({
  traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
  spanId: "00f067aa0ba902b7",
  name: "GET /cart",
  kind: "SERVER",
  serviceName: "cart",
  startUs: 1_700_000_000_000_000,
  durationUs: 250,
  status: { code: "UNSET" },
  attributes: {},
  resource,
  events: [],
  links: [],
});

describe("recordSender", () => {
  it("leaves spans as they are when there is no sender and no claim to drop", () => {
    const spans = [span({ "service.name": "cart", "host.name": "web-1" })];
    expect(recordSender(spans, undefined)).toBe(spans);
  });

  it.each([
    ["an ingest token's name", { kind: "ingest-token", name: "ci" }, { [INGEST_TOKEN_KEY]: "ci" }],
    [
      "a signed-in reader's",
      { kind: "session", name: "ana@example.com" },
      { [UPLOADED_BY_KEY]: "ana@example.com" },
    ],
  ] as const)("records %s beside the resource's own attributes", (_, sender, recorded) => {
    const [stamped] = recordSender([span({ "service.name": "cart", "host.name": "web-1" })], sender);
    expect(stamped?.resource).toEqual({ "service.name": "cart", "host.name": "web-1", ...recorded });
  });

  it("drops what a sender claimed under Tracelight's keys, and records the truth instead", () => {
    const claims = { [INGEST_TOKEN_KEY]: "prod", [UPLOADED_BY_KEY]: "admin" };
    expect(recordSender([span({ "service.name": "cart", ...claims })], undefined)[0]?.resource).toEqual({
      "service.name": "cart",
    });
    const [stamped] = recordSender([span({ ...claims })], { kind: "ingest-token", name: "ci" });
    expect(stamped?.resource).toEqual({ [INGEST_TOKEN_KEY]: "ci" });
  });

  it("stamps spans sharing one resource (an OTLP resource's spans) alike, and apart from others", () => {
    const shared = { "service.name": "cart" };
    const spans = [span(shared), span(shared), span({ "service.name": "web" })];
    const stamped = recordSender(spans, { kind: "ingest-token", name: "ci" });
    expect(stamped.map(({ resource }) => resource)).toEqual([
      { "service.name": "cart", [INGEST_TOKEN_KEY]: "ci" },
      { "service.name": "cart", [INGEST_TOKEN_KEY]: "ci" },
      { "service.name": "web", [INGEST_TOKEN_KEY]: "ci" },
    ]);
  });

  it("never changes the spans it was given", () => {
    const original = span({ [INGEST_TOKEN_KEY]: "prod" });
    recordSender([original], { kind: "ingest-token", name: "ci" });
    expect(original.resource).toEqual({ [INGEST_TOKEN_KEY]: "prod" });
  });
});

/** Decodes a Zipkin v2 body as an ingest token's sender would send it. */
function decodeAsCi(body: Buffer) {
  const decoded = decode({
    format: "zipkin-v2-json",
    body,
    autocompleteKeys: [],
    nowUs: Date.now() * 1000,
    maxClockAheadUs: 86_400_000_000,
    sender: { kind: "ingest-token", name: "ci" },
  });
  if (!decoded.ok) throw new Error(decoded.message);
  return decoded.spans;
}

describe("decode", () => {
  it("records the sender on every span of a real body", { tags: ["corpus"] }, () => {
    const spans = decodeAsCi(readFixtureBytes("otel-collector/zipkinreceiver-sample1.json"));
    expect(spans).toHaveLength(9);
    for (const { resource } of spans) expect(resource[INGEST_TOKEN_KEY]).toBe("ci");
  });

  it("records the sender on every span of a body made here", () => {
    const trace = wideZipkinTrace("00000000000000000000000000005e4d", 9, "api");
    const spans = decodeAsCi(Buffer.from(JSON.stringify(trace)));
    expect(spans).toHaveLength(9);
    for (const { resource } of spans) expect(resource[INGEST_TOKEN_KEY]).toBe("ci");
  });
});
