import { describe, expect, it } from "vitest";
import { analysisTree, nameOf, span, TRACES } from "../../test/analysis-traces";
import { readFixture } from "../../test/fixtures";
import { normaliseSpans } from "../ingest/door/normalise";
import { decodeOtlpJson } from "../ingest/otlp/json";
import type { Span } from "../model/span";
import type { TraceTree } from "../trace/tree";
import { criticalPath } from "./critical-path";
import { diagnose } from "./diagnosis";
import { errorRoot } from "./error-root";
import { selfTimes } from "./self-time";

/** The sentence for a trace, analysed as the trace page does; `slowdowns` by span name. */
function diagnosisOf(spans: Span[], slowdowns: Record<string, number> = {}): string {
  return diagnoseTree(analysisTree(spans), slowdowns);
}

function diagnoseTree(tree: TraceTree, slowdowns: Record<string, number> = {}): string {
  return diagnose({
    tree,
    critical: criticalPath(tree).criticalUs,
    self: selfTimes(tree),
    errorRoot: errorRoot(tree),
    slowdown: (row) => slowdowns[nameOf(tree, row)],
  });
}

const ERROR = { status: { code: "ERROR" as const } };
const http = (status: number) => ({ attributes: { "http.status_code": status } });

describe("diagnose", () => {
  it("THE acceptance case: names bcrypt, its share, its slowdown and the 409", () => {
    expect(diagnosisOf(TRACES.login, { bcrypt: 31.2 })).toBe(
      "POST /oauth2/token failed with 409 after 80ms; 70ms (88%) went to bcrypt (auth-service), 31× its usual p99.",
    );
  });

  it.each<[string, Span[], Record<string, number>, string]>([
    [
      "login without a baseline",
      TRACES.login,
      {},
      "POST /oauth2/token failed with 409 after 80ms; 70ms (88%) went to bcrypt (auth-service).",
    ],
    [
      "a slowdown below 10× keeps a decimal",
      TRACES.login,
      { bcrypt: 2.46 },
      "POST /oauth2/token failed with 409 after 80ms; 70ms (88%) went to bcrypt (auth-service), 2.5× its usual p99.",
    ],
    [
      "single-span trace",
      [span("health", undefined, 0, 3, { name: "GET /health", ...http(200) })],
      {},
      "GET /health answered 200 after 3ms.",
    ],
    [
      "a slow single span says how slow",
      [span("health", undefined, 0, 300, { name: "GET /health", ...http(200) })],
      { "GET /health": 40 },
      "GET /health answered 200 after 300ms, 40× its usual p99.",
    ],
    [
      "no error: the first of equal contributors",
      TRACES["sequential children"],
      {},
      "root succeeded after 100ms; 30ms (30%) went to a (api).",
    ],
    [
      "missing parent: the root that ends last drives the sentence",
      TRACES["missing parent"],
      {},
      "retry succeeded after 70ms; 50ms (71%) went to b (api).",
    ],
    ["zero-duration trace", TRACES["zero-duration trace"], {}, "root succeeded after 0µs."],
    ["clock skew", TRACES["clock skew"], {}, "root succeeded after 100ms; 60ms (60%) went to handle (db)."],
    [
      "producer/consumer",
      TRACES["producer/consumer"],
      {},
      "root succeeded after 100ms; 10ms (10%) went to publish (api).",
    ],
    [
      "the error started elsewhere than where the time went",
      [
        span("checkout", undefined, 0, 100, { name: "GET /checkout", ...ERROR, ...http(500) }),
        span("inventory", "checkout", 10, 60, { serviceName: "stock" }),
        span("select", "checkout", 75, 10, { name: "SELECT", serviceName: "db", ...ERROR }),
      ],
      {},
      "GET /checkout failed with 500 after 100ms; 60ms (60%) went to inventory (stock); the error started in SELECT (db).",
    ],
    [
      "the error started where the time went",
      [
        span("proxy", undefined, 0, 100, { name: "GET /", ...ERROR, ...http(502) }),
        span("upstream", "proxy", 5, 90, { serviceName: "app", ...ERROR }),
      ],
      {},
      "GET / failed with 502 after 100ms; 90ms (90%) went to upstream (app), where the error started.",
    ],
    [
      "a failure without an HTTP status takes the error root's message",
      [
        span("job", undefined, 0, 50, {
          name: "nightly-export",
          status: { code: "ERROR", message: "disk full" },
        }),
        span("write", "job", 10, 30, {
          serviceName: "storage",
          status: { code: "ERROR", message: "ENOSPC" },
        }),
      ],
      {},
      'nightly-export failed: "ENOSPC" in storage after 50ms; 30ms (60%) went to write (storage), where the error started.',
    ],
    [
      "a failure whose error root has no message takes the root's",
      [
        span("job", undefined, 0, 50, {
          name: "nightly-export",
          serviceName: "cron",
          status: { code: "ERROR", message: "export failed" },
        }),
        span("write", "job", 10, 30, { serviceName: "storage", ...ERROR }),
      ],
      {},
      'nightly-export failed: "export failed" in cron after 50ms; 30ms (60%) went to write (storage), where the error started.',
    ],
    [
      "a failed root that is its own error root, without a message",
      [span("job", undefined, 0, 50, { name: "nightly-export", serviceName: "cron", ...ERROR })],
      {},
      "nightly-export failed in cron after 50ms.",
    ],
    [
      "an error handled on the way",
      [
        span("root", undefined, 0, 100, { name: "GET /feed", ...http(200) }),
        span("cache", "root", 5, 10, { serviceName: "redis", ...ERROR }),
        span("db", "root", 20, 70, { serviceName: "postgres" }),
      ],
      {},
      "GET /feed answered 200 after 100ms; 70ms (70%) went to db (postgres), though cache (redis) failed.",
    ],
  ])("%s", (_, spans, slowdowns, expected) => {
    expect(diagnosisOf(spans, slowdowns)).toBe(expected);
  });

  it.each<[string, string, string]>([
    [
      "sibling errors: the first failure, then where the time went",
      "sibling_errors.json",
      'oteldemo.CheckoutService/PlaceOrder failed: "payment declined: card processor rejected transaction" in payment after 200ms; 56ms (28%) went to oteldemo.EmailService/SendOrderConfirmation (email); the error started in oteldemo.PaymentService/Charge (payment).',
    ],
    [
      "recovered errors under a root that answered 200",
      "n_plus_one_positive.json",
      "GET /dispatch answered 200 after 1.68s; 30.5ms (2%) went to GetDriver (redis-manual), though it failed.",
    ],
    [
      // The proxy's timeout is the only error; the critical path finds the span it waited for.
      "a timeout masks the locus",
      "error_timeout_masked.json",
      "user_checkout_multi succeeded after 15.1s; 15s (99%) went to POST (frontend), though router frontend egress (frontend-proxy) failed.",
    ],
  ])("%s (%s)", { tags: ["corpus"] }, (_, file, expected) => {
    const spans = normaliseSpans(decodeOtlpJson(readFixture(`jaeger/mcp-skills/${file}`)).spans);
    expect(diagnosisOf(spans)).toBe(expected);
  });

  it("an empty trace says so", () => {
    expect(diagnoseTree({ rows: [], rootCount: 0, incomplete: false })).toBe("The trace has no spans.");
  });
});
