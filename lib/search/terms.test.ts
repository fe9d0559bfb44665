import { describe, expect, it } from "vitest";
import { makeSpan } from "../../test/spans";
import {
  autocompleteValues,
  filterTerm,
  LIST_ELEMENT_TERMS,
  longListTerm,
  MAX_TERM_LENGTH,
  searchTerms,
} from "./terms";

describe("searchTerms", () => {
  it("holds every key and key=value from every place on the span, and event names", () => {
    const span = makeSpan({
      attributes: { "http.status_code": 503, retried: true, path: "/cart" },
      resource: { "service.name": "api", "host.name": "web-1" },
      events: [{ timeUs: 1, name: "cache miss", attributes: { "cache.key": "sku-1" } }],
      links: [
        {
          traceId: "0000000000000009",
          spanId: "0000000000000008",
          type: "LINK",
          attributes: { reason: "retry" },
        },
      ],
      scope: { name: "lib", attributes: { "lib.flavour": "sync" } },
    });
    expect(new Set(searchTerms(span))).toEqual(
      new Set([
        "http.status_code",
        "http.status_code=503",
        "retried",
        "retried=true",
        "path",
        "path=/cart",
        "host.name",
        "host.name=web-1",
        "cache miss",
        "cache.key",
        "cache.key=sku-1",
        "lib.flavour",
        "lib.flavour=sync",
        "reason",
        "reason=retry",
      ]),
    );
  });

  it("writes arrays and objects as JSON, and leaves out a key=value too long to index", () => {
    const long = "x".repeat(MAX_TERM_LENGTH);
    const terms = searchTerms(makeSpan({ attributes: { ids: [1, 2], sql: long } }));
    expect(terms).toContain("ids=[1,2]");
    expect(terms).toContain("sql");
    expect(terms.some((term) => term.startsWith("sql="))).toBe(false);
  });

  it("holds a list's first elements as terms of their own, and marks a longer list", () => {
    const tags = ["a", "b", 3, true];
    const long = Array.from({ length: LIST_ELEMENT_TERMS + 4 }, (_, i) => `v${i}`);
    const terms = searchTerms(makeSpan({ attributes: { tags, long } }));
    expect(terms).toEqual(expect.arrayContaining(["tags=a", "tags=b", "tags=3", "tags=true"]));
    expect(terms).not.toContain(longListTerm("tags"));
    expect(terms).toContain(`long=v${LIST_ELEMENT_TERMS - 1}`);
    expect(terms).not.toContain(`long=v${LIST_ELEMENT_TERMS}`);
    expect(terms).toContain(longListTerm("long"));
  });

  it("marks a span whose status is ERROR as an error, however its format said so", () => {
    const terms = searchTerms(makeSpan({ status: { code: "ERROR", message: "card declined" } }));
    expect(terms).toEqual(["error", "error=true"]);
  });
});

describe("filterTerm", () => {
  it.each([
    [{ key: "error" }, "error"],
    [{ key: "http.method", value: "GET" }, "http.method=GET"],
    [{ key: "sql", value: "x".repeat(MAX_TERM_LENGTH) }, undefined],
  ])("%o looks for %s", (filter, term) => {
    expect(filterTerm(filter)).toBe(term);
  });
});

describe("autocompleteValues", () => {
  const keys = new Set(["http.method", "http.status_code", "deployment.environment"]);

  it("collects the configured keys' distinct values from attributes and resource, as search writes them", () => {
    const spans = [
      makeSpan({ attributes: { "http.method": "GET", "http.status_code": 200, "user.id": "u1" } }),
      makeSpan({ attributes: { "http.method": "GET" }, resource: { "deployment.environment": "prod" } }),
      makeSpan({ attributes: { "http.method": "POST", "http.status_code": 503 } }),
    ];
    expect(autocompleteValues(spans, keys)).toEqual([
      ["http.method", "GET"],
      ["http.status_code", "200"],
      ["deployment.environment", "prod"],
      ["http.method", "POST"],
      ["http.status_code", "503"],
    ]);
  });

  it("leaves out empty values and values too long to search for", () => {
    const spans = [
      makeSpan({ attributes: { "http.method": "", "http.status_code": "x".repeat(MAX_TERM_LENGTH) } }),
    ];
    expect(autocompleteValues(spans, keys)).toEqual([]);
  });
});
