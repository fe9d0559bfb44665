import { describe, expect, it } from "vitest";
import { readZipkinV2Fixture } from "../../test/fixtures";
import { MAX_ANNOTATION_TERMS, parseAnnotationQuery } from "./annotation-query";
import type { TagFilter } from "./query";

describe("parseAnnotationQuery", () => {
  it.each<[string, string, TagFilter[]]>([
    ["a bare term: a tag key or an annotation value", "error", [{ key: "error" }]],
    [
      "tags and bare terms joined by and",
      "error and http.method=GET and retried",
      [{ key: "error" }, { key: "http.method", value: "GET" }, { key: "retried" }],
    ],
    [
      "a value with spaces",
      "http.path=/api/v2/cart items",
      [{ key: "http.path", value: "/api/v2/cart items" }],
    ],
    ["a value holding =, split at the first", "sql.query=a=b", [{ key: "sql.query", value: "a=b" }]],
    [
      "keys and values trimmed",
      "  http.method = GET  and error ",
      [{ key: "http.method", value: "GET" }, { key: "error" }],
    ],
    ["extra spaces around and", "error  and  retried", [{ key: "error" }, { key: "retried" }]],
    [
      "AND in capitals: one annotation value with spaces",
      "error AND retried",
      [{ key: "error AND retried" }],
    ],
    ["and without spaces: a term of its own", "and", [{ key: "and" }]],
    ["an empty value, the same as a bare key", "http.method=", [{ key: "http.method" }]],
    ["a bare key after its tag leaves the tag", "error=true and error", [{ key: "error", value: "true" }]],
    ["a tag after its bare key replaces it", "error and error=true", [{ key: "error", value: "true" }]],
    ["the last of two tags wins", "k=1 and k=2", [{ key: "k", value: "2" }]],
    ["a replaced key keeps its first position", "k=1 and other and k=", [{ key: "k" }, { key: "other" }]],
    ["an empty key dropped", "=GET and error", [{ key: "error" }]],
    ["a trailing and dropped", "error and ", [{ key: "error" }]],
    ["empty text", "", []],
    ["non-ASCII kept, case kept", "Café=Crème", [{ key: "Café", value: "Crème" }]],
  ])("%s", (_name, text, expected) => {
    expect(parseAnnotationQuery(text)).toEqual(expected);
  });

  it(`takes ${MAX_ANNOTATION_TERMS} terms and refuses more, saying how many`, () => {
    const terms = (count: number) => Array.from({ length: count }, (_, i) => `k${i}=v`).join(" and ");
    expect(parseAnnotationQuery(terms(MAX_ANNOTATION_TERMS))).toHaveLength(MAX_ANNOTATION_TERMS);
    expect(() => parseAnnotationQuery(terms(MAX_ANNOTATION_TERMS + 1))).toThrow(
      `annotationQuery: at most ${MAX_ANNOTATION_TERMS} terms, got ${MAX_ANNOTATION_TERMS + 1}`,
    );
  });

  // Real tags (URLs, SQL, empty values) written as Lens writes a query for them: each span's tags come back.
  it.each(["zipkin/lens-testdata/yelp.json", "zipkin/lens-testdata/smartthings-oauth-authorization.json"])(
    "reads back the tags of every span of %s",
    { tags: ["corpus"] },
    (path) => {
      let checked = 0;
      for (const span of readZipkinV2Fixture(path) as { tags?: Record<string, string> }[]) {
        const tags = Object.entries(span.tags ?? {}).filter(
          ([key, value]) => !key.includes("=") && !value.includes(" and ") && value === value.trim(),
        );
        if (tags.length === 0) continue;
        const expected = tags.map(([key, value]) => (value === "" ? { key } : { key, value }));
        expect(parseAnnotationQuery(tags.map(([key, value]) => `${key}=${value}`).join(" and "))).toEqual(
          expected,
        );
        checked++;
      }
      expect(checked).toBeGreaterThan(0);
    },
  );
});
