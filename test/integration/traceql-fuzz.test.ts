import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anyTraceQL } from "../traceql-queries";
import { baseUrl } from "./helpers";

/**
 * Whatever TraceQL a client sends, Tempo's search (Grafana's) and the search page's answer a result
 * or a 400 that says why: a query is parsed, its regular expressions checked and its SQL bounded
 * before anything runs, so no query reaches a 500.
 */
describe("fuzzed TraceQL", () => {
  it.each([
    ["Tempo's search", (q: string) => `/tempo/api/search?q=${encodeURIComponent(q)}&limit=5`],
    [
      "the search page's",
      (q: string) => `/api/search/traceql?q=${encodeURIComponent(q)}&limit=5&lookback=1h`,
    ],
  ])("%s answers 200 or 400, never a 5xx", async (_, url) => {
    await fc.assert(
      fc.asyncProperty(anyTraceQL, async (q) => {
        const response = await fetch(`${baseUrl()}${url(q)}`);
        expect([200, 400]).toContain(response.status);
        if (response.status === 400) expect((await response.text()).length).toBeGreaterThan(0);
        else await response.arrayBuffer();
      }),
      { numRuns: 300 },
    );
  });
});
