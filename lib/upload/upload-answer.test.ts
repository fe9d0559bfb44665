import { describe, expect, it } from "vitest";
import { readUploadAnswer } from "./upload-answer";

const LIMIT = 16 * 1024 * 1024;

describe("readUploadAnswer", () => {
  it("stores what the server stored", () => {
    const body = JSON.stringify({ traceIds: ["18231c31672495c6"], spanCount: 51 });
    expect(readUploadAnswer(200, body, LIMIT)).toEqual({
      kind: "stored",
      traceIds: ["18231c31672495c6"],
      spanCount: 51,
    });
  });

  it.each([
    [
      "a decoder's message, verbatim",
      400,
      JSON.stringify({ error: "data[0].spans[0].spanID: missing; expected a string" }),
      "data[0].spans[0].spanID: missing; expected a string",
    ],
    [
      "a server error's message",
      500,
      JSON.stringify({ error: "internal error; see the server log" }),
      "internal error; see the server log",
    ],
    [
      "no answer at all (status 0)",
      0,
      "",
      "the server could not be reached (network error or server down); the file may not be stored, try again",
    ],
    [
      "too large, whatever the body says",
      413,
      JSON.stringify({
        error: "body is larger than the limit of 16777216 bytes (TRACELIGHT_MAX_BODY_BYTES)",
      }),
      "larger than the server's limit of 16 MiB (TRACELIGHT_MAX_BODY_BYTES); split the file or raise the limit",
    ],
    [
      "a proxy's HTML page",
      502,
      "<html><body>Bad Gateway</body></html>",
      "the server answered 502 without saying why",
    ],
    [
      "a success that is not an upload answer",
      200,
      "<!DOCTYPE html>",
      "the server answered 200 with something other than {traceIds, spanCount}",
    ],
  ])("refuses with %s", (_name, status, body, message) => {
    expect(readUploadAnswer(status, body, LIMIT)).toEqual({ kind: "refused", message });
  });
});
