import { describe, expect, it } from "vitest";
import { z } from "zod";
import { readAnswer, readAnswerText } from "./read-answer";

const schema = z.object({ traces: z.array(z.object({ traceId: z.string(), durationUs: z.number() })) });

function answer(status: number, statusText: string, body: string): Response {
  return new Response(body, { status, statusText });
}

describe("readAnswer", () => {
  it("gives the data of an answer that matches its schema, without unknown fields", async () => {
    const body = JSON.stringify({ traces: [{ traceId: "a1", durationUs: 5, extra: true }] });
    await expect(readAnswer(answer(200, "OK", body), schema)).resolves.toEqual({
      traces: [{ traceId: "a1", durationUs: 5 }],
    });
  });

  it.each([
    [
      "a proxy's HTML error page names its status",
      answer(502, "Bad Gateway", "<html><body><h1>502 Bad Gateway</h1></body></html>"),
      "502 Bad Gateway: the server's answer was not JSON",
    ],
    [
      "a cut-off body on success names its status",
      answer(200, "OK", '{"traces": [{"traceId"'),
      "200 OK: the server's answer was not JSON",
    ],
    [
      "an answer of another shape says where it differs",
      answer(200, "OK", JSON.stringify({ traces: [{ traceId: "a1", durationUs: "5ms" }] })),
      "200 OK: the server's answer was not what this page reads (traces.0.durationUs: Invalid input: expected number, received string)",
    ],
    [
      "an answer missing its top-level field says so",
      answer(200, "OK", JSON.stringify({ results: [] })),
      "200 OK: the server's answer was not what this page reads (traces: Invalid input: expected array, received undefined)",
    ],
    [
      "a refusal's message is the server's own, as it is",
      answer(400, "Bad Request", JSON.stringify({ error: 'lookback: expected a duration, got "soon"' })),
      'lookback: expected a duration, got "soon"',
    ],
    [
      "a failure without a message names its status",
      answer(500, "Internal Server Error", JSON.stringify({ message: "boom" })),
      "500 Internal Server Error: the server did not say why",
    ],
    [
      "a status without a reason phrase (HTTP/2) is the number alone",
      answer(503, "", "upstream connect error"),
      "503: the server's answer was not JSON",
    ],
  ])("throws when %s", async (_name, response, message) => {
    await expect(readAnswer(response, schema)).rejects.toThrow(new Error(message));
  });

  it("never throws a SyntaxError", async () => {
    const error = await readAnswer(answer(200, "OK", "<!DOCTYPE html>"), schema).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(SyntaxError);
  });
});

describe("readAnswerText", () => {
  it.each([
    ["data", 201, JSON.stringify({ traces: [] }), { kind: "data", data: { traces: [] } }],
    ["a refusal", 413, JSON.stringify({ error: "too large" }), { kind: "refused", message: "too large" }],
    [
      "a refusal's shape on success is not data",
      200,
      JSON.stringify({ error: "x" }),
      { kind: "unexpected", issue: "traces: Invalid input: expected array, received undefined" },
    ],
    ["text that is not JSON", 404, "Not Found", { kind: "not-json" }],
    ["an empty body", 204, "", { kind: "not-json" }],
    ["a failure with other JSON", 502, "[]", { kind: "unexplained" }],
    [
      "the data with a failed status",
      503,
      JSON.stringify({ traces: [] }),
      { kind: "data", data: { traces: [] } },
    ],
  ])("reads %s", (_name, status, text, reading) => {
    expect(readAnswerText(status, text, schema)).toEqual(reading);
  });
});
