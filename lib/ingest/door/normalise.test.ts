import { describe, expect, it } from "vitest";
import { makeSpan } from "../../../test/spans";
import type { Span } from "../../model/span";
import { normaliseSpans } from "./normalise";

const span = (fields: Partial<Span> = {}) => makeSpan({ spanId: "0000000000000002", ...fields });

describe("normaliseSpans", () => {
  it.each([
    ["an error tag with a message", { error: "timeout" }, { code: "ERROR", message: "timeout" }],
    ["a bare error tag", { error: "" }, { code: "ERROR" }],
    ["error=true", { error: "true" }, { code: "ERROR" }],
    ["error=false is no error", { error: "false" }, { code: "UNSET" }],
    ["OTel's status tag", { "otel.status_code": "ERROR" }, { code: "ERROR" }],
    [
      "OTel's status tag with a description",
      { "otel.status_code": "ERROR", "otel.status_description": "deadlock" },
      { code: "ERROR", message: "deadlock" },
    ],
    ["OTel's OK", { "otel.status_code": "OK" }, { code: "OK" }],
    ["a server answering 503", { "http.status_code": "503" }, { code: "ERROR" }],
    ["a server answering 409 is not at fault", { "http.response.status_code": 409 }, { code: "UNSET" }],
  ])("infers the status from %s", (_name, attributes, status) => {
    expect(normaliseSpans([span({ attributes })])[0]?.status).toEqual(status);
  });

  it("keeps a status the format stated", () => {
    const stated = span({ status: { code: "OK" }, attributes: { error: "x" } });
    expect(normaliseSpans([stated])[0]?.status).toEqual({ code: "OK" });
  });

  it("drops a parent that is the span itself, with a warning", () => {
    const [out] = normaliseSpans([span({ parentSpanId: "0000000000000002" })]);
    expect(out).not.toHaveProperty("parentSpanId");
    expect(out?.warnings).toEqual(["span was its own parent; parent removed"]);
  });

  it("returns untouched spans as they are and never mutates its input", () => {
    const plain = span({ parentSpanId: "0000000000000009" });
    const failing = span({ attributes: { error: "x" } });
    const [outPlain, outFailing] = normaliseSpans([plain, failing]);
    expect(outPlain).toBe(plain);
    expect(failing.status).toEqual({ code: "UNSET" });
    expect(outFailing).not.toBe(failing);
  });
});
