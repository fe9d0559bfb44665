import fc from "fast-check";
import { describe, it } from "vitest";
import { expectDecodesOrRefuses } from "../../../test/decoder-properties";
import { readFixture } from "../../../test/fixtures";
import { readTestData } from "../../../test/test-data";
import { decodeOtlpJson } from "./json";

const decodesOrRefuses = (body: unknown) => expectDecodesOrRefuses(() => decodeOtlpJson(body));

type Path = (string | number)[];

/** Every place in a JSON value where a field or element sits, so any one can be replaced. */
function pathsOf(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  if (typeof value !== "object" || value === null) return out;
  for (const [key, child] of Object.entries(value)) {
    const childPath = [...path, Array.isArray(value) ? Number(key) : key];
    out.push(childPath);
    pathsOf(child, childPath, out);
  }
  return out;
}

/** `seed` with the value at `path` replaced; unchanged when an earlier edit removed the path. */
function replaced(seed: unknown, path: Path, value: unknown): unknown {
  const body = structuredClone(seed);
  let parent: unknown = body;
  for (const key of path.slice(0, -1)) {
    if (typeof parent !== "object" || parent === null) return body;
    parent = (parent as Record<string | number, unknown>)[key];
  }
  if (typeof parent === "object" && parent !== null) {
    (parent as Record<string | number, unknown>)[path[path.length - 1] as string | number] = value;
  }
  return body;
}

/** `seed` with up to four fields anywhere replaced by any JSON value: decoded or refused. */
function replacementsDecodeOrRefuse(seed: unknown) {
  const paths = pathsOf(seed);
  const mutation = fc.record({ path: fc.constantFrom(...paths), value: fc.jsonValue() });
  fc.assert(
    fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
      let body = seed;
      for (const { path, value } of mutations) body = replaced(body, path, value);
      decodesOrRefuses(body);
    }),
    { numRuns: 500 },
  );
}

describe("decodeOtlpJson on arbitrary input", () => {
  it("decodes or refuses any JSON value", () => {
    fc.assert(fc.property(fc.jsonValue(), decodesOrRefuses), { numRuns: 500 });
  });

  it("decodes or refuses any value under the request's keys", () => {
    const request = fc.record(
      { resourceSpans: fc.array(fc.jsonValue(), { maxLength: 3 }), scopeSpans: fc.jsonValue() },
      { requiredKeys: [] },
    );
    fc.assert(fc.property(request, decodesOrRefuses), { numRuns: 500 });
  });

  // Every value type, links, events, tracestate, scope attributes, kinds as numbers and names.
  it("decodes or refuses test/data's request with fields replaced by anything", () => {
    replacementsDecodeOrRefuse(readTestData("otlp-checkout.json"));
  });

  // The same, and base64 ids with enum names.
  it.each(["jaeger/memory-store/otel_traces_01.json", "otlp2parquet/trace.json"])(
    "decodes or refuses real request %s with fields replaced by anything",
    { tags: ["corpus"] },
    (path) => {
      replacementsDecodeOrRefuse(readFixture(path));
    },
  );
});
