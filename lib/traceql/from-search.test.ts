import { describe, expect, it } from "vitest";
import { searchToTraceQL } from "./from-search";
import { parseTraceQL } from "./parse";

describe("searchToTraceQL", () => {
  it.each([
    ["no filter selects every trace", {}, "{ }"],
    ["a service is the resource's service.name", { service: "shop" }, '{ resource.service.name = "shop" }'],
    [
      "service and operation hold on one span",
      { service: "shop", operation: "GET /cart" },
      '{ resource.service.name = "shop" && name = "GET /cart" }',
    ],
    [
      "tags are unscoped attributes, numbers and booleans bare",
      { tags: 'http.status_code=409 tier="gold plus" cached=true ratio=0.5' },
      '{ .http.status_code = 409 && .tier = "gold plus" && .cached = true && .ratio = 0.5 }',
    ],
    ["a bare tag asks for the key alone", { tags: "error" }, "{ .error != nil }"],
    ["a key with a space is quoted", { tags: '"a key"=x' }, '{ ."a key" = "x" }'],
    ["quotes in a value are escaped", { tags: 'q="say \\"hi\\""' }, '{ .q = "say \\"hi\\"" }'],
    ["with errors is a spanset of its own", { status: "error" }, "{ status = error }"],
    [
      "with errors beside span filters is joined with &&",
      { service: "shop", status: "error" },
      '{ resource.service.name = "shop" } && { status = error }',
    ],
    ["an HTTP code", { http: "409" }, "{ span.http.status_code = 409 }"],
    [
      "an HTTP class is its range",
      { http: "5xx" },
      "{ span.http.status_code >= 500 && span.http.status_code <= 599 }",
    ],
    [
      "span durations",
      { minDuration: "1.5s", maxDuration: "2m" },
      "{ duration >= 1500ms && duration <= 2m }",
    ],
    ["trace durations", { minDuration: "30ms", durationOf: "trace" }, "{ traceDuration >= 30ms }"],
  ])("%s", (_, values, query) => {
    const result = searchToTraceQL(values);
    expect(result).toEqual({ query, unsaid: [] });
    expect(() => parseTraceQL(result.query)).not.toThrow();
  });

  it.each([
    ["without errors (no spanset negation)", { status: "ok" }, ["without errors"]],
    ["an unreadable duration", { minDuration: "soon" }, ["minDuration soon"]],
    ["an unreadable HTTP status", { http: "teapot" }, ["HTTP teapot"]],
    ["an unclosed quote in the tags", { tags: '"open' }, ['tags "open']],
    ["an excluded tag (a whole trace's absence)", { tags: "!service.version=2.1" }, ["!service.version=2.1"]],
  ])("leaves out what TraceQL cannot say: %s", (_, values, unsaid) => {
    const result = searchToTraceQL(values);
    expect(result.unsaid).toEqual(unsaid);
    expect(result.query).toBe("{ }");
  });
});
