import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readZipkinV2Fixture } from "../fixtures";
import { baseUrl, postSpans } from "./helpers";

/** Through the real server: whatever a client sends, the answer is a 2xx or a 4xx, never a 5xx. */
const seed = readZipkinV2Fixture("zipkin/lens-testdata/messaging.json") as Record<string, unknown>[];

const bodies = fc.oneof(
  fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes).toString("latin1")),
  fc.jsonValue().map((value) => JSON.stringify(value) ?? "null"),
  fc
    .record({
      index: fc.nat(seed.length - 1),
      field: fc.constantFrom(...Object.keys(seed[0] ?? {})),
      value: fc.jsonValue(),
    })
    .map(({ index, field, value }) =>
      JSON.stringify(seed.map((span, i) => (i === index ? { ...span, [field]: value } : span))),
    ),
);

describe("POST /api/v2/spans on arbitrary bodies", () => {
  it("answers 202 or 4xx and keeps serving", async () => {
    await fc.assert(
      fc.asyncProperty(bodies, fc.boolean(), async (body, gzip) => {
        const response = await postSpans(body, { gzip });
        expect([202, 400, 413, 415]).toContain(response.status);
        await response.arrayBuffer();
      }),
      { numRuns: 150 },
    );
    expect((await fetch(`${baseUrl()}/api/health`)).status).toBe(200);
  });
});
