import { describe, expect, it } from "vitest";
import { makeSpan } from "../../test/spans";
import { buildTraceTree } from "../trace/tree";
import {
  dimensionName,
  dimensionReader,
  parseDimension,
  tagKey,
  traceAttributeKeys,
} from "./span-dimensions";

describe("parseDimension", () => {
  it.each<[string, string | null, string | undefined]>([
    ["a span field", "kind", "kind"],
    ["a tag", "tag:http.method", "tag:http.method"],
    ["a tag whose key has a colon", "tag:a:b", "tag:a:b"],
    ["a tag without a key", "tag:", undefined],
    ["an unknown word", "duration", undefined],
    ["no parameter", null, undefined],
  ])("%s", (_, text, expected) => {
    expect(parseDimension(text)).toBe(expected);
  });

  it("reads a tag's key back", () => {
    expect(tagKey("tag:a:b")).toBe("a:b");
    expect(tagKey("service")).toBeUndefined();
  });

  it("names a field as a heading, a tag by its key", () => {
    expect(dimensionName("kind")).toBe("Kind");
    expect(dimensionName("tag:db.system")).toBe("db.system");
  });
});

describe("dimensionReader", () => {
  const span = makeSpan({
    kind: "CLIENT",
    status: { code: "ERROR" },
    attributes: { "http.status_code": 503, retry: true, path: ["a", "b"] },
    resource: { "host.name": "h1", "http.status_code": 1 },
  });
  it.each<[string, Parameters<typeof dimensionReader>[0], string | undefined]>([
    ["service", "service", "api"],
    ["operation", "operation", "op"],
    ["kind in lower case", "kind", "client"],
    ["status in lower case", "status", "error"],
    ["a number by its text, the span's before the resource's", "tag:http.status_code", "503"],
    ["a boolean", "tag:retry", "true"],
    ["a list as JSON", "tag:path", '["a","b"]'],
    ["a resource attribute", "tag:host.name", "h1"],
    ["a key the span lacks", "tag:db.system", undefined],
    ["a prototype property's name", "tag:toString", undefined],
  ])("%s", (_, dimension, expected) => {
    expect(dimensionReader(dimension)(span)).toBe(expected);
  });
});

describe("traceAttributeKeys", () => {
  const tree = buildTraceTree([
    makeSpan({ spanId: "01", attributes: { b: 1, a: 1 }, resource: { "service.name": "api" } }),
    makeSpan({ spanId: "02", parentSpanId: "01", attributes: { a: 2, c: 1 }, resource: { b: 1 } }),
  ]);
  it("lists every attribute and resource key once, in code-unit order", () => {
    expect(traceAttributeKeys(tree)).toEqual(["a", "b", "c", "service.name"]);
  });
  it("keeps the keys most spans carry when there are too many", () => {
    expect(traceAttributeKeys(tree, 2)).toEqual(["a", "b"]);
  });
});
